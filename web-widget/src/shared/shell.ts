// The widget's shell, shared by the loader and the app: the host element with its shadow root, and the
// launcher the loader draws at once so a visitor sees it in the first frame, before the app has arrived.
// The app then takes over the same shadow root with the same look (shell.css is in both).
import shellCss from '../app/ui/styles/shell.css';
import { textOn } from '../app/ui/theme.ts';

export const HOST_ATTRIBUTE = 'data-concierge-widget';

/** The chat bubble of the launcher (a constant: never built from data). */
export const CHAT_ICON_PATH =
  'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01z';

/** The shop's brand colour and the text colour that reads on it (≥ 4.5:1). */
export function themeCss(brand: string): string {
  return `.cc-root{--cc-brand:${brand};--cc-on-brand:${textOn(brand)}}`;
}

export const SHELL_CSS = shellCss;

/**
 * Constructed stylesheets are CSSOM, which a shop's Content-Security-Policy does not restrict (a <style>
 * element would need 'unsafe-inline'). Every supported browser has them (Safari 16.4, Firefox 101, Chrome 73).
 */
export function applyStyles(root: ShadowRoot, css: string): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  root.adoptedStyleSheets = [sheet];
}

/** The one element the widget adds to the shop's page, at the end of <body>. */
export function createHost(): HTMLElement {
  const host = document.createElement('div');
  host.setAttribute(HOST_ATTRIBUTE, '');
  host.attachShadow({ mode: 'open' });
  document.body.append(host);
  return host;
}

/** The launcher as the loader draws it: the app's Launcher renders the same markup with the same classes. */
export function drawLauncher(root: ShadowRoot, position: string, label: string, onClick: () => void): void {
  const shell = document.createElement('div');
  shell.className = `cc-root cc-${position}`;
  const wrap = document.createElement('div');
  wrap.className = 'cc-launcher-wrap';
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'cc-launcher';
  button.setAttribute('aria-label', label);
  button.innerHTML = `<svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="24" height="24"><path fill="currentColor" d="${CHAT_ICON_PATH}"/></svg>`;
  button.addEventListener('click', onClick);
  wrap.append(button);
  shell.append(wrap);
  root.append(shell);
}
