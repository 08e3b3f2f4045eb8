import { createPdf, savePdf } from './src/main/documents/pdf/pdf-layout.js';
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
for (let k = 0; k < 8; k++) {
  let c0 = cpu();
  const { doc, fonts } = await createPdf({ title: 'x' });
  const c1 = cpu();
  const p = doc.addPage(); p.drawText('Feuille d’émargement – Élodie Fournier 0123456789', { font: fonts.regular, size: 10, x: 50, y: 700 }); p.drawText('Bilan de compétences', { font: fonts.bold, size: 10, x: 50, y: 600 });
  await savePdf(doc);
  const c2 = cpu();
  if (k > 2) console.log('createPdf cpu', (c1 - c0).toFixed(1), 'save cpu', (c2 - c1).toFixed(1));
}
