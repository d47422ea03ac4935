package sc.fiji.revsam2.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Spacing;
import sc.fiji.revsam2.volume.Volume;

/**
 * Writes volumes and label volumes as single-file NIfTI ({@code .nii}, or gzip-compressed when the
 * name ends in {@code .gz}), atomically through {@link AtomicFiles}.
 *
 * <p>Geometry: given a reference header (e.g. that of the image the labels were drawn on), the
 * output copies its pixdim, xyzt_units, qform and sform, dim_info and slice timing, so that it
 * opens aligned with the reference in ITK-SNAP, 3D Slicer or nibabel. Without one, the geometry
 * comes from the volume's {@link Spacing}: qform and sform are both the plain scaling
 * diag(x, y, z) with code 1 (scanner), origin 0 - the same grid every tool derives from pixdim,
 * stated explicitly so that no tool falls back to its own guess.
 *
 * <p>Version: {@code null} (the default) writes NIfTI-1, or NIfTI-2 when a size exceeds NIfTI-1's
 * 32767 limit. Byte order: little-endian unless set. Neither is taken from the reference.
 */
public record NiftiWriter(NiftiVersion version, ByteOrder byteOrder) {

	private static final int CHUNK_VOXELS = 1 << 14;

	public NiftiWriter {
		if (byteOrder == null) byteOrder = ByteOrder.LITTLE_ENDIAN;
	}

	/** NIfTI-1 (NIfTI-2 when needed), little-endian. */
	public static NiftiWriter defaults() { return new NiftiWriter(null, ByteOrder.LITTLE_ENDIAN); }

	/** A writer that always writes this version ({@code null}: choose by size). */
	public NiftiWriter withVersion(NiftiVersion v) { return new NiftiWriter(v, byteOrder); }

	public NiftiWriter withByteOrder(ByteOrder o) { return new NiftiWriter(version, o); }

	/** Writes a float32 volume with geometry from its spacing. Returns the header written. */
	public NiftiHeader write(Path file, Volume volume) throws VolumeIOException {
		return write(file, volume, null, NiftiDataType.FLOAT32);
	}

	/**
	 * Writes a volume in data type {@code type} (null: float32) with the geometry of
	 * {@code geometryFrom} (null: from the volume's spacing). For an integer type, values are
	 * rounded to the nearest integer; when the type equals the reference's, its scl_slope/scl_inter
	 * are reused (so an int16 CT read and written back keeps its bytes), otherwise none is used.
	 * A value that does not fit the type is an error, not clamped.
	 *
	 * @throws VolumeIOException on a size mismatch with the reference, a value that does not fit,
	 *         or any write failure; the target is then untouched
	 */
	public NiftiHeader write(Path file, Volume volume, NiftiHeader geometryFrom, NiftiDataType type) throws VolumeIOException {
		NiftiDataType t = type == null ? NiftiDataType.FLOAT32 : type;
		NiftiHeader.Builder b = base(file, volume.width(), volume.height(), volume.depth(), volume.spacing(), geometryFrom);
		b.dataType(t).intent(NiftiHeader.INTENT_NONE, 0, 0, 0, "");
		if (t.isInteger() && geometryFrom != null && geometryFrom.dataType() == t && geometryFrom.hasScaling()) {
			b.scaling(geometryFrom.effectiveSlope(), geometryFrom.effectiveInter());
		} else {
			b.scaling(1, 0);
		}
		NiftiHeader h = b.build();
		writeExactly(file, h, volume);
		return h;
	}

	/** Writes labels with geometry from their spacing: uint8 if all labels are below 256, else uint16. */
	public NiftiHeader write(Path file, LabelVolume labels) throws VolumeIOException {
		return write(file, labels, null);
	}

	/**
	 * Writes labels (uint8 if all are below 256, else uint16; intent "label") with the geometry of
	 * {@code geometryFrom} (null: from the labels' spacing).
	 *
	 * @throws VolumeIOException e.g. "labels.nii.gz: labels are 256x256x20 but the reference image is 256x256x24"
	 */
	public NiftiHeader write(Path file, LabelVolume labels, NiftiHeader geometryFrom) throws VolumeIOException {
		NiftiHeader h = labelHeader(file, labels.width(), labels.height(), labels.depth(), labels.spacing(), geometryFrom, LabelVolumes.maxLabel(labels));
		write(file, h, new LabelSource(labels));
		return h;
	}

	/**
	 * The header {@link #write(Path, LabelVolume, NiftiHeader)} writes for labels of this size up to
	 * {@code maxLabel}: callers make it before a long run to find a header problem up front.
	 */
	public NiftiHeader labelHeader(Path file, int w, int h, int d, Spacing spacing, NiftiHeader geometryFrom, int maxLabel) throws VolumeIOException {
		NiftiDataType t = maxLabel < 256 ? NiftiDataType.UINT8 : NiftiDataType.UINT16;
		NiftiHeader header = base(file, w, h, d, spacing, geometryFrom).dataType(t).scaling(1, 0).calRange(0, maxLabel)
				.intent(NiftiHeader.INTENT_LABEL, 0, 0, 0, "labels").build();
		try {
			NiftiHeaderCodec.encode(header, header.version().dataOffset(), false);
		} catch (IllegalArgumentException e) {
			throw new VolumeIOException(file, "cannot write: " + e.getMessage());
		}
		return header;
	}

	/**
	 * Writes the volume with exactly this header (its version, byte order, data type, scaling
	 * and geometry; vox_offset is set to follow the header). The header's first three dims must
	 * equal the volume's size and dims beyond 3 must be 1.
	 */
	public static void writeExactly(Path file, NiftiHeader header, Volume volume) throws VolumeIOException {
		write(file, header, new VolumeSource(volume));
	}

	/** The header fields shared by volumes and labels: size, geometry, version, byte order. */
	private NiftiHeader.Builder base(Path file, int w, int h, int d, Spacing spacing, NiftiHeader ref) throws VolumeIOException {
		NiftiHeader.Builder b;
		int rank = d > 1 ? 3 : 2;
		if (ref != null) {
			if (ref.nx() != w || ref.ny() != h || ref.nz() != d) {
				throw new VolumeIOException(file, "data are " + LabelVolumes.size(w, h, d) + " but the reference image is " + LabelVolumes.size(ref.nx(), ref.ny(), ref.nz()));
			}
			// everything that places voxels in space is kept; what describes intensities is reset
			b = ref.toBuilder().calRange(0, 0).descrip("RevSAM2 for Fiji").auxFile("").pairedFiles(false);
			rank = Math.max(rank, Math.min(ref.rank(), 3));
		} else {
			b = NiftiHeader.fromSpacing(w, h, d, spacing).toBuilder().descrip("RevSAM2 for Fiji");
		}
		long[] dims = rank == 3 ? new long[] { w, h, d } : new long[] { w, h };
		b.size(dims);
		NiftiVersion v = version;
		long largest = Math.max(w, Math.max(h, d));
		if (v == null) v = largest > NiftiVersion.NIFTI1.maxDim() || (ref != null && !fitsNifti1(ref)) ? NiftiVersion.NIFTI2 : NiftiVersion.NIFTI1;
		if (largest > v.maxDim()) throw new VolumeIOException(file, "a size of " + largest + " voxels does not fit NIfTI-1 (at most 32767); write NIfTI-2");
		return b.version(v).byteOrder(byteOrder).voxOffset(v.dataOffset());
	}

	/** Whether the fields a reference header passes on (codes, slice_start/end) fit NIfTI-1's 16-bit fields. */
	private static boolean fitsNifti1(NiftiHeader ref) {
		return fitsShort(ref.qformCode()) && fitsShort(ref.sformCode()) && fitsShort(ref.sliceStart()) && fitsShort(ref.sliceEnd())
				&& fitsShort(ref.intentCode());
	}

	private static boolean fitsShort(long v) {
		return v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
	}

	private static void write(Path file, NiftiHeader h, Source src) throws VolumeIOException {
		String name = NiftiReader.lowerName(file);
		boolean gzip = name.endsWith(".nii.gz");
		if (!gzip && !name.endsWith(".nii")) throw new VolumeIOException(file, "cannot write: a NIfTI file name must end in .nii or .nii.gz");
		if (h.nx() != src.width() || h.ny() != src.height() || h.nz() != src.depth() || h.volumeCount() != 1) {
			throw new VolumeIOException(file, "header is for " + LabelVolumes.size(h.nx(), h.ny(), h.nz()) + (h.volumeCount() != 1 ? "x" + h.volumeCount() : "")
					+ " voxels but the data are " + LabelVolumes.size(src.width(), src.height(), src.depth()));
		}
		if (!h.dataType().isSupported()) throw new VolumeIOException(file, "unsupported data type " + h.dataType().typeName() + " (code " + h.dataType().code() + ")");
		byte[] headerBytes;
		try {
			headerBytes = NiftiHeaderCodec.encode(h, h.version().dataOffset(), false);
		} catch (IllegalArgumentException e) {
			throw new VolumeIOException(file, "cannot write: " + e.getMessage());
		}
		try {
			AtomicFiles.write(file, out -> {
				OutputStream o = gzip ? new GZIPOutputStream(out, 1 << 16) : out;
				o.write(headerBytes);
				o.write(new byte[h.version().dataOffset() - h.version().headerSize()]); // no extensions
				writeVoxels(o, h, src, file);
				if (o instanceof GZIPOutputStream g) g.finish();
			});
		} catch (VolumeIOException e) {
			throw e;
		} catch (IOException e) {
			throw new VolumeIOException(file, "cannot write: " + e.getMessage(), e);
		}
	}

	private static void writeVoxels(OutputStream o, NiftiHeader h, Source src, Path file) throws IOException {
		NiftiDataType t = h.dataType();
		int bpv = t.bytesPerVoxel();
		int w = src.width(), sliceVoxels = w * src.height();
		double slope = h.effectiveSlope(), inter = h.effectiveInter();
		boolean scaled = h.hasScaling();
		ByteBuffer bb = ByteBuffer.allocate(Math.min(sliceVoxels, CHUNK_VOXELS) * bpv).order(h.byteOrder());
		for (int z = 0; z < src.depth(); z++) {
			if (Thread.currentThread().isInterrupted()) throw new java.io.InterruptedIOException("writing was interrupted");
			for (int off = 0; off < sliceVoxels; off += CHUNK_VOXELS) {
				int n = Math.min(CHUNK_VOXELS, sliceVoxels - off);
				bb.clear();
				for (int i = off; i < off + n; i++) {
					double v = src.get(z, i);
					if (scaled) v = (v - inter) / slope;
					if (t.isInteger()) {
						double r = Math.rint(v);
						if (!(r >= t.min() && r <= t.max())) {
							throw new VolumeIOException(file, String.format(Locale.ROOT, "voxel (%d, %d, %d) has value %s, which does not fit %s%s; write float32 instead",
									i % w, i / w, z, src.get(z, i), t, scaled ? " with this scl_slope/scl_inter" : ""));
						}
						v = r;
					}
					put(bb, t, v);
				}
				o.write(bb.array(), 0, bb.position());
			}
		}
	}

	private static void put(ByteBuffer b, NiftiDataType t, double v) {
		switch (t) {
			case UINT8: case INT8: b.put((byte) (long) v); break;
			case INT16: case UINT16: b.putShort((short) (long) v); break;
			case INT32: case UINT32: b.putInt((int) (long) v); break;
			case INT64: b.putLong((long) v); break;
			// above 2^63 the cast would saturate: go through BigDecimal-free arithmetic instead
			case UINT64: b.putLong(v >= 0x1p63 ? (long) (v - 0x1p63) ^ Long.MIN_VALUE : (long) v); break;
			case FLOAT32: b.putFloat((float) v); break;
			case FLOAT64: b.putDouble(v); break;
			default: throw new IllegalStateException("unsupported type " + t);
		}
	}

	/** Voxel values, slice by slice, whatever the volume class. */
	private interface Source {
		int width();

		int height();

		int depth();

		double get(int z, int i);
	}

	private record VolumeSource(Volume v) implements Source {
		public int width() { return v.width(); }

		public int height() { return v.height(); }

		public int depth() { return v.depth(); }

		public double get(int z, int i) { return v.slice(z)[i]; }
	}

	private record LabelSource(LabelVolume l) implements Source {
		public int width() { return l.width(); }

		public int height() { return l.height(); }

		public int depth() { return l.depth(); }

		public double get(int z, int i) { return l.slice(z)[i] & 0xffff; }
	}
}
