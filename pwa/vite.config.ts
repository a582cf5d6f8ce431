import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';

const THEME_COLOR = '#a4161a';
const API_ORIGIN = 'http://127.0.0.1:8000';

export default defineConfig({
  plugins: [
    preact(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      // 'prompt': a waiting worker is only activated when the person taps "Cập nhật",
      // because a tab may hold a half-filled form.
      registerType: 'prompt',
      injectRegister: false, // registered from src/features/update
      injectManifest: {
        // The manifest and its icons are added by the plugin itself.
        globPatterns: ['**/*.{js,css,html}', 'icons/apple-touch-icon.png'],
        // The officer console and the leader's view (desktop lazy chunks) stay out of citizens' phones.
        globIgnores: ['assets/console-*', 'assets/LeaderScreen-*'],
      },
      manifest: {
        name: 'Một Cửa — Dịch vụ công',
        short_name: 'Một Cửa',
        description: 'Nộp hồ sơ thủ tục hành chính, theo dõi kết quả và nhận kết quả tại nhà ngay trên điện thoại.',
        lang: 'vi',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: THEME_COLOR,
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
    }),
  ],
  build: { outDir: 'dist' },
  server: { proxy: { '/api': API_ORIGIN } },
  preview: { proxy: { '/api': API_ORIGIN } },
});
