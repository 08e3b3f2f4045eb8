/**
 * A handwritten signature drawn on an HTML canvas with the mouse, a pen or a finger (pointer events),
 * offline. The drawing is exported as a PNG (transparent background) when it has enough ink.
 */
import { Box, Button, Group, Text } from '@mantine/core';
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface SignaturePadHandle {
  /** The drawing as PNG bytes in base64 (no data: prefix), or null when nothing is drawn. */
  toPngBase64(): string | null;
  clear(): void;
}

export interface SignaturePadProps {
  /** Accessible name of the drawing area ("Signature de Élodie Fournier"). */
  readonly label: string;
  readonly width?: number;
  readonly height?: number;
  /** Called when the pad goes from empty to signed and back. */
  readonly onChange?: (signed: boolean) => void;
}

/** Minimum length of the strokes (CSS pixels) to count as a signature, not a stray click. */
const MIN_INK = 40;

export const SignaturePad = forwardRef<SignaturePadHandle, SignaturePadProps>(function SignaturePad(
  { label, width = 520, height = 180, onChange },
  ref,
) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const ink = useRef(0);
  const [signed, setSigned] = useState(false);

  const context = useCallback((): CanvasRenderingContext2D | null => {
    const c = canvas.current;
    if (!c) return null;
    try {
      return c.getContext('2d');
    } catch {
      return null;
    }
  }, []);

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const ratio = window.devicePixelRatio || 1;
    c.width = Math.round(width * ratio);
    c.height = Math.round(height * ratio);
    const ctx = context();
    if (!ctx) return;
    ctx.scale(ratio, ratio);
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.lineWidth = 2.6;
    ctx.strokeStyle = '#1a237e';
  }, [width, height, context]);

  const setSignedState = (next: boolean): void => {
    setSigned((previous) => {
      if (previous !== next) onChange?.(next);
      return next;
    });
  };

  const clear = useCallback((): void => {
    const c = canvas.current;
    const ctx = context();
    if (c && ctx) ctx.clearRect(0, 0, c.width, c.height);
    ink.current = 0;
    last.current = null;
    setSigned((previous) => {
      if (previous) onChange?.(false);
      return false;
    });
  }, [context, onChange]);

  useImperativeHandle(
    ref,
    () => ({
      toPngBase64: () => {
        const c = canvas.current;
        if (!c || ink.current < MIN_INK) return null;
        const url = c.toDataURL('image/png');
        const comma = url.indexOf(',');
        return comma >= 0 ? url.slice(comma + 1) : null;
      },
      clear,
    }),
    [clear],
  );

  const point = (e: React.PointerEvent<HTMLCanvasElement>): { x: number; y: number } => {
    const rect = e.currentTarget.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  };

  return (
    <Box>
      <Box
        style={{
          border: '1px dashed var(--mantine-color-gray-5)',
          borderRadius: 'var(--mantine-radius-md)',
          background: 'var(--mantine-color-white)',
          width,
          maxWidth: '100%',
          position: 'relative',
        }}
      >
        <canvas
          ref={canvas}
          role="img"
          aria-label={label}
          data-testid="signature-pad"
          data-signed={signed}
          style={{ width, height, maxWidth: '100%', touchAction: 'none', display: 'block', cursor: 'crosshair' }}
          onPointerDown={(e) => {
            e.currentTarget.setPointerCapture?.(e.pointerId);
            last.current = point(e);
          }}
          onPointerMove={(e) => {
            const from = last.current;
            if (!from) return;
            const to = point(e);
            const ctx = context();
            if (ctx) {
              ctx.beginPath();
              ctx.moveTo(from.x, from.y);
              ctx.lineTo(to.x, to.y);
              ctx.stroke();
            }
            ink.current += Math.hypot(to.x - from.x, to.y - from.y);
            last.current = to;
            if (ink.current >= MIN_INK) setSignedState(true);
          }}
          onPointerUp={() => {
            last.current = null;
          }}
          onPointerLeave={() => {
            last.current = null;
          }}
        />
        {!signed ? (
          <Text
            size="sm"
            c="dimmed"
            style={{ position: 'absolute', left: 16, bottom: 12, pointerEvents: 'none' }}
            aria-hidden="true"
          >
            {t('documents:sign.drawHere')}
          </Text>
        ) : null}
      </Box>
      <Group justify="flex-end" mt={4}>
        <Button variant="subtle" size="xs" onClick={clear} disabled={!signed}>
          {t('documents:sign.clear')}
        </Button>
      </Group>
    </Box>
  );
});
