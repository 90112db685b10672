/**
 * Last resort when the platform's own GPU probe failed: systeminformation's graphics().
 * Its VRAM figure is unreliable (Linux: PCI BAR size; Windows: capped at 4095 MiB without the
 * registry value), so it is reported with that caveat and never preferred over a direct source.
 */
export interface FallbackGpu {
  vendor: string
  model: string
  vramMiB: number | null
  vramDynamic: boolean
}

export async function systeminformationGpus(): Promise<FallbackGpu[]> {
  const si = await import('systeminformation')
  const graphics = await si.graphics()
  return graphics.controllers.map((controller) => ({
    vendor: controller.vendor ?? '',
    model: controller.model ?? controller.name ?? 'Unknown GPU',
    vramMiB: typeof controller.vram === 'number' ? controller.vram : null,
    vramDynamic: Boolean(controller.vramDynamic),
  }))
}
