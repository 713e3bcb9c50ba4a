// refresh's name, apart from the plugin so its role's declaration loads only this.
export const REFRESH_NAME = 'refresh';
