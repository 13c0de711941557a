// /admin/tags/ and below — every user's tags: list, add, edit, history,
// delete. Tags and ingredients behave alike: the pages are made by
// lib/admin/attribute-pages.ts, the routes are these.
import { createAdminApp } from '../lib/admin/app.ts';
import { attributePages } from '../lib/admin/attribute-pages.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';

const app = createAdminApp('/admin/tags/*');
const pages = attributePages('tags');

// The list, with owner and use: search, owner filter, sort; its form POSTs "Delete selected".
app.get('/admin/tags/', pages.list);
app.post('/admin/tags/', pages.deleteChosen);

// Add one for an owner (?owner= chooses beforehand), by the API's rules for a name.
app.get('/admin/tags/add/', pages.addForm);
app.post('/admin/tags/add/', pages.add);

// One tag: rename it; its history of admin changes.
app.get('/admin/tags/:id/', pages.editForm);
app.post('/admin/tags/:id/', pages.change);
app.get('/admin/tags/:id/history/', pages.history);

// Delete it after a confirmation (it is removed from the recipes that use it).
app.get('/admin/tags/:id/delete/', pages.confirmDelete);
app.post('/admin/tags/:id/delete/', pages.remove);

export default app;
export const handler = lambdaHandler(app);
