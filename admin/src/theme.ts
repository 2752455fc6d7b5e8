import { defaultTheme, type RaThemeOptions } from 'react-admin';

const cjk = '"PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif';

/** Dense enough for 1366×768 desks, CJK fonts first after Roboto. */
export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: { primary: { main: '#b71c1c' }, secondary: { main: '#1565c0' } },
  typography: { fontFamily: `Roboto, ${cjk}`, fontSize: 13 },
  sidebar: { width: 200, closedWidth: 50 },
  components: {
    ...defaultTheme.components,
    MuiTextField: { defaultProps: { variant: 'outlined', size: 'small', margin: 'dense' } },
    MuiFormControl: { defaultProps: { variant: 'outlined', size: 'small', margin: 'dense' } },
  },
};
