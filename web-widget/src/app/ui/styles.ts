import base from './styles/base.css';
import forms from './styles/forms.css';
import launcher from './styles/launcher.css';
import messages from './styles/messages.css';
import panel from './styles/panel.css';
import suggestions from './styles/suggestions.css';
import { textOn } from './theme.ts';

/** The widget's whole stylesheet, with the shop's brand colour and the text colour that reads on it. */
export function widgetStyles(brand: string): string {
  const theme = `.cc-root{--cc-brand:${brand};--cc-on-brand:${textOn(brand)}}`;
  return [base, launcher, panel, messages, suggestions, forms, theme].join('\n');
}

/**
 * Constructed stylesheets are CSSOM, which a shop's Content-Security-Policy does not restrict (a <style>
 * element needs 'unsafe-inline'); browsers without them get the element.
 */
export function applyStyles(root: ShadowRoot, css: string): void {
  if (
    'adoptedStyleSheets' in root &&
    typeof CSSStyleSheet === 'function' &&
    'replaceSync' in CSSStyleSheet.prototype
  ) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
    return;
  }
  const style = document.createElement('style');
  style.textContent = css;
  root.append(style);
}
