/** The clear margin a QR code needs on every side, in modules (ISO/IEC 18004): the sheets keep it, the designer draws it. */
export const QUIET_ZONE_MODULES = 4;

/**
 * How far a label's cut may land from where it was meant (mm): a sheet's registration against its
 * die-cut in a desktop printer, a guillotine's cut, a thermal printer's gap sensing. A code keeps
 * its quiet zone plus this inside the cut — the sheets check it, the designer snaps to it.
 */
export const CUT_TOLERANCE_MM = 0.5;
