// The types of the compliance model; the readers of the model are in this folder's other files.
export type * from './types';
