import badge from './styles/badge.css';
import base from './styles/base.css';
import forms from './styles/forms.css';
import messages from './styles/messages.css';
import panel from './styles/panel.css';
import suggestions from './styles/suggestions.css';
import { SHELL_CSS, themeCss } from '../../shared/shell.ts';

/** The widget's whole stylesheet (the loader's shell first), with the shop's brand colour. */
export function widgetStyles(brand: string): string {
  return [SHELL_CSS, base, badge, panel, messages, suggestions, forms, themeCss(brand)].join('\n');
}
