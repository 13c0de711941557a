// /admin/ingredients/ and below — every user's ingredients: list, add, edit, history,
// delete. Tags and ingredients behave alike: the pages are made by
// lib/admin/attribute-pages.ts, the routes are these.
import { createAdminApp } from '../lib/admin/app.ts';
import { attributePages } from '../lib/admin/attribute-pages.ts';
import { lambdaHandler } from '../lib/http/lambda.ts';

const app = createAdminApp('/admin/ingredients/*');
const pages = attributePages('ingredients');

// The list, with owner and use: search, owner filter, sort; its form POSTs "Delete selected".
app.get('/admin/ingredients/', pages.list);
app.post('/admin/ingredients/', pages.deleteChosen);

// Add one for an owner (?owner= chooses beforehand), by the API's rules for a name.
app.get('/admin/ingredients/add/', pages.addForm);
app.post('/admin/ingredients/add/', pages.add);

// One ingredient: rename it; its history of admin changes.
app.get('/admin/ingredients/:id/', pages.editForm);
app.post('/admin/ingredients/:id/', pages.change);
app.get('/admin/ingredients/:id/history/', pages.history);

// Delete it after a confirmation (it is removed from the recipes that use it).
app.get('/admin/ingredients/:id/delete/', pages.confirmDelete);
app.post('/admin/ingredients/:id/delete/', pages.remove);

export default app;
export const handler = lambdaHandler(app);
