package sc.fiji.revsam2.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import ij.ImagePlus;
import sc.fiji.revsam2.volume.Volume;

/**
 * NIfTI files as ImageJ images, for the Fiji commands. An opened image carries its NIfTI header
 * in the string property {@link #HEADER_PROPERTY} (string properties survive Image>Duplicate and
 * TIFF saving), so that an image derived from it, such as a label image, is saved with the same
 * geometry and opens aligned with the original in other tools.
 */
public final class NiftiImagePlus {

	/** ImagePlus property ({@code imp.getProp}) holding the source NIfTI header, Base64-encoded in its own binary form. */
	public static final String HEADER_PROPERTY = "revsam2.nifti.header";

	/** ImagePlus property marking a label image of the Segment Volume commands ({@link #markLabels}). */
	public static final String LABELS_PROPERTY = "revsam2.labels";

	private NiftiImagePlus() {}

	/**
	 * The image of a NIfTI volume: 8-bit for unscaled uint8 data, 16-bit for unscaled uint16,
	 * 32-bit otherwise (with scl_slope/scl_inter applied); calibrated with the voxel size; the
	 * header stored in {@link #HEADER_PROPERTY}.
	 */
	public static ImagePlus toImagePlus(NiftiImage nifti, String title) {
		NiftiHeader h = nifti.header();
		int bitDepth = 32;
		if (!h.hasScaling() && h.dataType() == NiftiDataType.UINT8) bitDepth = 8;
		if (!h.hasScaling() && h.dataType() == NiftiDataType.UINT16) bitDepth = 16;
		ImagePlus imp = ImagePlusVolumes.toImagePlus(nifti.volume(), title, bitDepth);
		storeHeader(imp, h);
		imp.setProperty("Info", "NIfTI: " + h + (nifti.warnings().isEmpty() ? "" : "\n" + String.join("\n", nifti.warnings())));
		return imp;
	}

	/** Stores {@code header} in the image's {@link #HEADER_PROPERTY}. */
	public static void storeHeader(ImagePlus imp, NiftiHeader header) {
		imp.setProp(HEADER_PROPERTY, Base64.getEncoder().encodeToString(NiftiHeaderCodec.encode(header, header.voxOffset(), header.pairedFiles())));
	}

	/** The NIfTI header stored in the image, if any (and readable). */
	public static Optional<NiftiHeader> storedHeader(ImagePlus imp) {
		Object o = imp.getProperty(HEADER_PROPERTY);
		if (o instanceof NiftiHeader h) return Optional.of(h);
		String s = imp.getProp(HEADER_PROPERTY);
		if (s == null || s.isBlank()) return Optional.empty();
		try {
			byte[] bytes = Base64.getDecoder().decode(s.trim());
			NiftiHeaderCodec.Kind kind = bytes.length >= 4 ? NiftiHeaderCodec.detect(bytes) : null;
			if (kind == null || bytes.length != kind.version().headerSize()) return Optional.empty();
			return Optional.of(NiftiHeaderCodec.decode(bytes, kind).header());
		} catch (IllegalArgumentException | NiftiHeaderCodec.BadHeaderException e) {
			return Optional.empty();
		}
	}

	/**
	 * Saves one channel and frame of an image as NIfTI: 8-bit as uint8, 16-bit as uint16,
	 * 32-bit and calibrated 16-bit (e.g. signed DICOM) as float32. The geometry is that of
	 * {@code geometryFrom} when given (its size must match), else that of the stored header when
	 * its size matches the image, else the calibration's voxel size. A label image of the Segment
	 * Volume commands ({@link #isLabelImage}) is written as labels, as the command line writes them.
	 *
	 * @return warnings, e.g. that a stored header was not used because the image size changed
	 * @throws VolumeIOException for RGB images, hyperstacks, a size mismatch with
	 *         {@code geometryFrom}, or a failed write (the target is then untouched)
	 */
	public static List<String> save(ImagePlus imp, Path file, NiftiHeader geometryFrom) throws VolumeIOException {
		List<String> warnings = new ArrayList<>();
		if (imp.getNChannels() > 1 || imp.getNFrames() > 1) {
			throw new VolumeIOException(file, "the image has " + imp.getNChannels() + " channel(s) and " + imp.getNFrames()
					+ " frame(s); NIfTI export writes one 3D volume: use Image>Duplicate to pick one channel and frame first");
		}
		if (imp.getBitDepth() == 24) throw new VolumeIOException(file, ImagePlusVolumes.RGB_MESSAGE);
		int w = imp.getWidth(), h = imp.getHeight(), d = imp.getNSlices();
		NiftiHeader ref = geometryFrom;
		if (ref == null) {
			Optional<NiftiHeader> stored = storedHeader(imp);
			if (stored.isPresent()) {
				NiftiHeader s = stored.get();
				if (s.nx() == w && s.ny() == h && s.nz() == d) {
					ref = s;
				} else {
					warnings.add("the image's NIfTI geometry (" + LabelVolumes.size(s.nx(), s.ny(), s.nz()) + ") was not used because the image is now "
							+ LabelVolumes.size(w, h, d) + "; geometry from the voxel size only");
				}
			}
		}
		if (isLabelImage(imp)) {
			// a label image goes the command line's way: the labels themselves, no float copy
			NiftiWriter.defaults().write(file, ImagePlusVolumes.toLabelVolume(imp, 1, 1), ref);
			return warnings;
		}
		Volume volume;
		try {
			volume = ImagePlusVolumes.toVolume(imp, 1, 1);
		} catch (IllegalArgumentException e) {
			throw new VolumeIOException(file, e.getMessage());
		}
		boolean calibrated = imp.getCalibration().calibrated();
		NiftiDataType type = NiftiDataType.FLOAT32;
		if (imp.getBitDepth() == 8 && !calibrated) type = NiftiDataType.UINT8;
		if (imp.getBitDepth() == 16 && !calibrated) type = NiftiDataType.UINT16;
		NiftiWriter.defaults().write(file, volume, ref, type);
		return warnings;
	}

	/** A label image as the Segment Volume commands make it: 8- or 16-bit, marked with {@link #LABELS_PROPERTY}, no density calibration. */
	public static boolean isLabelImage(ImagePlus imp) {
		return (imp.getBitDepth() == 8 || imp.getBitDepth() == 16) && !imp.getCalibration().calibrated() && "true".equals(imp.getProp(LABELS_PROPERTY));
	}

	/** Marks a label image (a string property: it survives Duplicate and TIFF files, like the header). */
	public static void markLabels(ImagePlus imp) {
		imp.setProp(LABELS_PROPERTY, "true");
	}
}
