/** The clear margin a QR code needs on every side, in modules (ISO/IEC 18004): the sheets keep it, the designer draws it. */
export const QUIET_ZONE_MODULES = 4;
