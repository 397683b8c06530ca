import type { TRPCRouterRecord } from '@trpc/server';
import { create } from './create';
import { remove } from './delete';
import { download } from './download';
import { find } from './find';
import { get } from './get';
import { search } from './search';
import { upload } from './upload';
import { watch } from './watch';
import { write } from './write';

export const filesRouter = {
  get,
  download,
  write,
  create,
  delete: remove,
  search,
  find,
  upload,
  watch,
} satisfies TRPCRouterRecord;
