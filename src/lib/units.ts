/** Binary sizes, once: what "GiB" means everywhere localclaw prints or plans memory. */
export const MIB = 1024 ** 2
export const GIB = 1024 ** 3
