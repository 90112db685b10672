import type {ImageModel} from './types.js'

/**
 * Image-generation models from seed 003, for `recommend --use image`. They run in ComfyUI or
 * diffusers, not in the chat runtimes, so only their GPU memory needs are modelled.
 * Seed 003 has errors corrected here: Lumina-Image 2.0 has 2.6 B parameters, not 0.26 B.
 */
export const IMAGE_MODELS: ImageModel[] = [
  {
    id: 'z-image-turbo',
    name: 'Z-Image-Turbo',
    paramsB: 6,
    minVramGiB: 8,
    comfortableVramGiB: 16,
    repo: 'Tongyi-MAI/Z-Image-Turbo',
    license: 'Apache-2.0',
    source:
      'seed 003 (13 GB at 1024x1024 on an RTX 4090); public FP8 setups download about 14.5 GB, BF16 about 33 GB with the text encoder',
  },
  {
    id: 'flux.1-schnell',
    name: 'FLUX.1 [schnell]',
    paramsB: 12,
    minVramGiB: 12,
    comfortableVramGiB: 24,
    repo: 'black-forest-labs/FLUX.1-schnell',
    license: 'Apache-2.0',
    source: '12 B transformer: 24 GB in BF16, about 12 GB in FP8 with the T5 encoder offloaded',
  },
  {
    id: 'flux.1-dev',
    name: 'FLUX.1 [dev]',
    paramsB: 12,
    minVramGiB: 12,
    comfortableVramGiB: 24,
    repo: 'black-forest-labs/FLUX.1-dev',
    license: 'FLUX.1 [dev] Non-Commercial License',
    source: '12 B transformer: 24 GB in BF16, about 12 GB in FP8 with the T5 encoder offloaded',
  },
  {
    id: 'sdxl',
    name: 'Stable Diffusion XL 1.0',
    paramsB: 3.5,
    minVramGiB: 6,
    comfortableVramGiB: 12,
    repo: 'stabilityai/stable-diffusion-xl-base-1.0',
    license: 'CreativeML Open RAIL++-M',
    source: '2.6 B UNet plus text encoders: fp16 with CPU offload fits 6-8 GB',
  },
  {
    id: 'lumina-image-2.0',
    name: 'Lumina-Image 2.0',
    paramsB: 2.6,
    minVramGiB: 8,
    comfortableVramGiB: 16,
    repo: 'Alpha-VLLM/Lumina-Image-2.0',
    license: 'Apache-2.0',
    source: 'seed 003 (RTX 3060 6 GB to RTX 4060 8 GB class); 2.6 B DiT plus a Gemma-2-2B text encoder',
  },
  {
    id: 'glm-image',
    name: 'GLM-Image',
    paramsB: 16,
    minVramGiB: 24,
    comfortableVramGiB: 40,
    repo: 'zai-org/GLM-Image',
    license: 'MIT',
    source: '9 B autoregressive generator + 7 B diffusion decoder (seed 003); 24 GB minimum in public serving notes',
  },
  {
    id: 'hunyuanimage-3.0',
    name: 'HunyuanImage-3.0',
    paramsB: 80,
    activeParamsB: 13,
    minVramGiB: 240,
    comfortableVramGiB: 320,
    gpus: 3,
    repo: 'tencent/HunyuanImage-3.0',
    license: 'Tencent Hunyuan Community License',
    source: 'seed 003: 3 x 80 GB GPUs at least, 4 x 80 GB recommended, 170 GB of disk',
  },
]
