// MongoDB through Mongoose, for mongodb:// and mongodb+srv:// URLs. Mongoose is loaded only when
// this backend opens, so the SQL backends never pay for it.
import { redactUserinfo, type BackendDescriptor } from '../backend.js';

export const mongoBackend: BackendDescriptor = {
  name: 'mongodb',
  urlForms: ['mongodb://...', 'mongodb+srv://...'],
  accepts: (url) => /^mongodb(\+srv)?:\/\//i.test(url),
  async open(url, options = {}) {
    const { openMongooseDatabase } = await import('./connect.js');
    return openMongooseDatabase(url, {
      ...(options.onQuery ? { onQuery: options.onQuery } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
    });
  },
  redactUrl: redactUserinfo,
};
