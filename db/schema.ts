// The database as the application sees it: one interface per table, written
// once. Migrations in db/migrations/ are what makes the database look like this.

// Tables arrive with their issues (users, tokens, recipes…); until then the
// application has none of its own.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Database {}
