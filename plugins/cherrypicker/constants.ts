// cherrypicker's name and default label prefix, apart from the plugin so its role's declaration loads only these.
export const CHERRYPICKER_NAME = 'cherrypicker';
export const DEFAULT_LABEL_PREFIX = 'cherrypick/';
