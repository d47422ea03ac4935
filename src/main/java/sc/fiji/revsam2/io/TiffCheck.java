package sc.fiji.revsam2.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.io.FileInfo;
import ij.io.TiffDecoder;

/**
 * Checks a TIFF's declared images against the file and the memory before ImageJ reads it:
 * ImageJ allocates whatever the directory declares and reads a short file as zeros without a
 * word. Only the image file directories are read here ({@link TiffDecoder}), no pixels.
 */
final class TiffCheck {

	private TiffCheck() {}

	/** @throws VolumeIOException when the file is shorter than its images, or they cannot fit the memory */
	static void check(Path file) throws VolumeIOException {
		FileInfo[] info;
		long fileSize;
		ImageJConsole.Captured<FileInfo[]> read;
		try {
			fileSize = Files.size(file);
			String dir = file.toAbsolutePath().getParent().toString() + java.io.File.separator;
			read = ImageJConsole.capture(() -> {
				try {
					return new TiffDecoder(dir, file.getFileName().toString()).getTiffInfo();
				} catch (IOException e) {
					throw new java.io.UncheckedIOException(e);
				}
			});
			info = read.value();
		} catch (IOException | RuntimeException e) {
			Throwable cause = e instanceof java.io.UncheckedIOException u ? u.getCause() : e;
			throw new VolumeIOException(file, "ImageJ could not read this TIFF file (" + cause.getMessage() + ")", e);
		}
		if (info == null || info.length == 0) {
			throw new VolumeIOException(file, "ImageJ could not read this TIFF file (no image directory" + (read.printed().isEmpty() ? "" : ": " + read.printed()) + ")");
		}
		double pixelBytes = 0;
		long width = info[0].width, height = info[0].height, slices = 0;
		for (FileInfo fi : info) {
			if (fi.width <= 0 || fi.height <= 0) throw new VolumeIOException(file, "the TIFF declares a " + fi.width + " x " + fi.height + " image");
			long n = Math.max(1, fi.nImages);
			double plane = planeBytes(fi);
			if (fi.compression == FileInfo.COMPRESSION_NONE || fi.compression == 0) {
				double end = fi.getOffset() + n * plane + (n - 1) * (double) Math.max(0, fi.gapBetweenImages);
				if (end > fileSize) {
					throw new VolumeIOException(file, String.format(java.util.Locale.ROOT,
							"file ends after %s bytes but its %d x %d x %d image%s need %s (truncated download?)",
							NiftiReader.bytes(fileSize), fi.width, fi.height, n, n > 1 ? "s" : "", NiftiReader.bytes((long) Math.min(end, Long.MAX_VALUE))));
				}
			}
			if (fi.stripOffsets != null && fi.stripLengths != null) {
				for (int i = 0; i < Math.min(fi.stripOffsets.length, fi.stripLengths.length); i++) {
					long end = (fi.stripOffsets[i] & 0xffffffffL) + (fi.stripLengths[i] & 0xffffffffL);
					if (end > fileSize) {
						throw new VolumeIOException(file, "file ends after " + NiftiReader.bytes(fileSize) + " bytes but strip " + (i + 1)
								+ " of an image ends at byte " + NiftiReader.bytes(end) + " (truncated download?)");
					}
				}
			}
			// what ImageJ allocates for these images, one pixel array per slice
			pixelBytes += MemoryEstimate.sliceArrays(fi.width, fi.height, n, Math.max(1, fi.getBytesPerPixel())) - 16;
			slices += n;
		}
		MemoryEstimate.require(file, pixelBytes + MemoryEstimate.floatVolume(width, height, slices),
				"reading the " + width + "x" + height + "x" + slices + " TIFF and its float copy");
	}

	/** Bytes one image takes in the file when stored uncompressed. */
	private static double planeBytes(FileInfo fi) {
		return switch (fi.fileType) {
			case FileInfo.BITMAP -> Math.ceil(fi.width / 8.0) * fi.height;
			case FileInfo.GRAY12_UNSIGNED -> Math.ceil(fi.width * 1.5) * fi.height;
			default -> (double) fi.width * fi.height * Math.max(1, fi.getBytesPerPixel());
		};
	}
}
