import type { FrontendApp } from './frontend-app.ts';
import { widgetApp } from './widget.ts';

/** Every browser app `npm start` and `npm run build` build; the agent console joins this list. */
export const FRONTEND_APPS: readonly FrontendApp[] = [widgetApp];
