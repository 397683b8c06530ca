// zod compiles object parsers with `new Function` unless told not to; the page's Content Security
// Policy forbids eval, so turn that off before any schema is built (this module is imported first).
import { config } from 'zod';

config({ jitless: true });
