/**
 * `npm run icons`: renders build/icon.svg (drawn for QR Pack) into the PNG that electron-builder
 * turns into each platform's icon set (.ico, .icns, Linux sizes).
 */
import path from 'node:path';
import sharp from 'sharp';

const build = path.resolve(import.meta.dirname, '..', 'build');
await sharp(path.join(build, 'icon.svg'), { density: 288 }).resize(1024, 1024).png({ compressionLevel: 9 }).toFile(path.join(build, 'icon.png'));
console.log('build/icon.png written (1024×1024)');
