// needs-rebase's name, apart from the plugin so its role's declaration loads only this.
export const NEEDS_REBASE_NAME = 'needs-rebase';
