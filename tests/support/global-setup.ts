import { resetRecords } from './coverage.ts';

export default function globalSetup(): void {
  resetRecords();
}
