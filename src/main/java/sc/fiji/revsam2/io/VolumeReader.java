package sc.fiji.revsam2.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import ij.io.Opener;
import ij.plugin.FolderOpener;
import sc.fiji.revsam2.volume.Volume;

/**
 * The one entry point for reading a volume from disk, whatever its format: NIfTI
 * ({@code .nii}, {@code .nii.gz}, {@code .hdr/.img}), TIFF stacks and single DICOM files through
 * ImageJ's {@link Opener}, and a folder of DICOM slices through ImageJ's {@link FolderOpener}
 * (sorted by position, see {@link DicomSeries}). Files with another name are recognised by their
 * first bytes. Channel 1 and frame 1 of a hyperstack are read (with a warning).
 */
public final class VolumeReader {

	private VolumeReader() {}

	/**
	 * Reads the volume at {@code path}.
	 *
	 * @throws VolumeIOException one line naming the file and the problem: a missing file, an
	 *         unknown format, a truncated or corrupt file, RGB data, ...
	 */
	public static VolumeFile read(Path path) throws VolumeIOException {
		if (Files.isDirectory(path)) return readFolder(path);
		if (!Files.exists(path)) throw new VolumeIOException(path, "no such file or folder");
		if (!Files.isReadable(path)) throw new VolumeIOException(path, "permission denied");
		String name = NiftiReader.lowerName(path);
		if (NiftiReader.isNiftiName(path)) return readNifti(path);
		if (name.endsWith(".tif") || name.endsWith(".tiff")) return readWithImageJ(path, "TIFF");
		if (name.endsWith(".dcm") || name.endsWith(".dicom") || name.endsWith(".ima")) return readWithImageJ(path, "DICOM");
		switch (sniff(path)) {
			case "nifti": return readNifti(path);
			case "tiff": return readWithImageJ(path, "TIFF");
			case "dicom": return readWithImageJ(path, "DICOM");
			default:
				throw new VolumeIOException(path, "unsupported file type; expected .nii, .nii.gz, .tif, .tiff, .dcm or a folder of DICOM files");
		}
	}

	private static VolumeFile readNifti(Path path) throws VolumeIOException {
		NiftiImage img = NiftiReader.read(path);
		String format = img.header().version() == NiftiVersion.NIFTI1 ? "NIfTI-1" : "NIfTI-2";
		List<String> warnings = new ArrayList<>(img.warnings());
		warnAboutNaN(img.volume(), warnings);
		return new VolumeFile(path, format, img.volume(), img.header(), warnings);
	}

	/** NaN voxels are no intensity: say how they are treated (normalisation maps them to 0). */
	static void warnAboutNaN(Volume volume, List<String> warnings) {
		long nan = 0;
		for (int z = 0; z < volume.depth(); z++) {
			for (float v : volume.slice(z)) if (v != v) nan++;
		}
		if (nan > 0) {
			warnings.add(nan + " voxel" + (nan > 1 ? "s are" : " is") + " NaN (not a number); treated as the low end of the intensity window (black)");
		}
	}

	/** What the first bytes say the file is: "nifti", "tiff", "dicom" or "". */
	private static String sniff(Path path) throws VolumeIOException {
		byte[] head = new byte[132];
		int n = 0;
		try (InputStream in = Files.newInputStream(path)) {
			n = in.readNBytes(head, 0, head.length);
		} catch (IOException e) {
			throw new VolumeIOException(path, "cannot read: " + e.getMessage(), e);
		}
		if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) return "nifti";
		if (n >= 4 && NiftiHeaderCodec.detect(head) != null) return "nifti";
		if (n >= 4 && ((head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0) || (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42))) return "tiff";
		if (n >= 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M') return "dicom";
		return "";
	}

	private static VolumeFile readWithImageJ(Path path, String format) throws VolumeIOException {
		if (format.equals("TIFF")) TiffCheck.check(path);
		ImageJConsole.Captured<ImagePlus> read;
		IJ.redirectErrorMessages(true);
		try {
			read = ImageJConsole.capture(() -> {
				Opener opener = new Opener();
				opener.setSilentMode(true);
				return opener.openImage(path.toAbsolutePath().toString());
			});
		} catch (RuntimeException e) {
			throw new VolumeIOException(path, "ImageJ could not read this " + format + " file (" + e + ")", e);
		} finally {
			IJ.redirectErrorMessages(false);
		}
		ImagePlus imp = read.value();
		if (imp == null) {
			// ImageJ's own explanation, when it gave one, says more than a guess
			throw new VolumeIOException(path, "ImageJ could not read this " + format + " file"
					+ (!read.printed().isEmpty() ? " (" + read.printed() + ")"
							: format.equals("TIFF") ? " (compressed, OME- or BigTIFF? open it in Fiji and save it as TIFF or NIfTI)" : " (compressed transfer syntax? convert it, e.g. with dcm2niix)"));
		}
		List<String> warnings = new ArrayList<>();
		if (!read.printed().isEmpty()) warnings.add("ImageJ: " + read.printed());
		NiftiHeader geometry = null;
		if (format.equals("DICOM") && imp.getStackSize() > 1) {
			DicomSeries.Sorted sorted = DicomSeries.sort(path, imp, warnings);
			imp = sorted.image();
			geometry = sorted.geometry();
		}
		return fromImagePlus(path, format, imp, geometry, warnings);
	}

	private static VolumeFile readFolder(Path folder) throws VolumeIOException {
		ImageJConsole.Captured<ImagePlus> read;
		IJ.redirectErrorMessages(true);
		try {
			read = ImageJConsole.capture(() -> FolderOpener.open(folder.toAbsolutePath().toString(), ""));
		} catch (RuntimeException e) {
			throw new VolumeIOException(folder, "ImageJ could not read the images in this folder (" + e + ")", e);
		} finally {
			IJ.redirectErrorMessages(false);
		}
		ImagePlus imp = read.value();
		if (imp == null || imp.getStackSize() == 0) {
			throw new VolumeIOException(folder, "no DICOM or other image files that ImageJ can read in this folder" + (read.printed().isEmpty() ? "" : " (" + read.printed() + ")"));
		}
		List<String> warnings = new ArrayList<>();
		if (!read.printed().isEmpty()) warnings.add("ImageJ: " + read.printed());
		String info = imp.getStack().getSliceLabel(1);
		boolean dicom = info != null && info.contains("7FE0,0010");
		NiftiHeader geometry = null;
		if (dicom) {
			DicomSeries.Sorted sorted = DicomSeries.sort(folder, imp, warnings);
			imp = sorted.image();
			geometry = sorted.geometry();
		}
		return fromImagePlus(folder, dicom ? "DICOM series" : "image sequence", imp, geometry, warnings);
	}

	private static VolumeFile fromImagePlus(Path path, String format, ImagePlus imp, NiftiHeader geometry, List<String> warnings) throws VolumeIOException {
		if (imp.getNChannels() > 1) warnings.add("image has " + imp.getNChannels() + " channels; read channel 1");
		if (imp.getNFrames() > 1) warnings.add("image has " + imp.getNFrames() + " time frames; read frame 1");
		MemoryEstimate.require(path, MemoryEstimate.floatVolume(imp.getWidth(), imp.getHeight(), imp.getNSlices()),
				"the " + imp.getWidth() + "x" + imp.getHeight() + "x" + imp.getNSlices() + " volume as floats");
		Volume volume;
		try {
			volume = ImagePlusVolumes.toVolume(imp, 1, 1);
		} catch (IllegalArgumentException e) {
			throw new VolumeIOException(path, e.getMessage());
		}
		warnAboutNaN(volume, warnings);
		if (geometry == null) geometry = NiftiHeader.fromSpacing(volume.width(), volume.height(), volume.depth(), volume.spacing());
		return new VolumeFile(path, format, volume, geometry, warnings);
	}
}
