import { consoleApp } from './console.ts';
import type { FrontendApp } from './frontend-app.ts';
import { widgetApp } from './widget.ts';

/** Every browser app `npm start` and `npm run build` build. */
export const FRONTEND_APPS: readonly FrontendApp[] = [widgetApp, consoleApp];
