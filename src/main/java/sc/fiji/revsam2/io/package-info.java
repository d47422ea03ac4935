/**
 * Volume file I/O, headless: NIfTI-1/2 reading and writing ({@link sc.fiji.revsam2.io.NiftiReader},
 * {@link sc.fiji.revsam2.io.NiftiWriter}), TIFF and DICOM through ImageJ 1.x, one entry point
 * for any of them ({@link sc.fiji.revsam2.io.VolumeReader}), ImagePlus conversions
 * ({@link sc.fiji.revsam2.io.ImagePlusVolumes}) and all-or-nothing writes
 * ({@link sc.fiji.revsam2.io.AtomicFiles}).
 *
 * <p>Orientation: voxels keep the order in which the file stores them (x fastest, then y, then
 * z = slice index); nothing is flipped or reoriented. Where each voxel lies in the world is
 * carried by the NIfTI header (qform/sform), which writers copy to outputs made for an input, so
 * that a label volume overlays its image in ITK-SNAP, 3D Slicer or nibabel. ImageJ shows row 0 at
 * the top, so an image may look flipped compared with those viewers; the data are the same.
 *
 * <p>Errors: every read or write problem is a {@link sc.fiji.revsam2.io.VolumeIOException}
 * whose message is one line naming the file and the problem.
 */
package sc.fiji.revsam2.io;
