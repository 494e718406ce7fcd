/** the resources pane's id: `:deploy`, `:nodes` and `:res GROUP/RESOURCE` show it */
export const RESOURCES = 'resources';
