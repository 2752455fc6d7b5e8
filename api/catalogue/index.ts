import type { App } from '../env.ts';
import { registerCatalogueCreate } from './create.ts';
import { registerCatalogueDelete } from './delete.ts';
import { registerCatalogueRead } from './list.ts';
import { registerCatalogueUpdate } from './update.ts';

export function registerCatalogue(app: App) {
  registerCatalogueRead(app);
  registerCatalogueCreate(app);
  registerCatalogueUpdate(app);
  registerCatalogueDelete(app);
}
