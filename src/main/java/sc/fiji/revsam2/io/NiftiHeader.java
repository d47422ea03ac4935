package sc.fiji.revsam2.io;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

import sc.fiji.revsam2.volume.Spacing;

/**
 * The fields of a NIfTI-1 or NIfTI-2 header, immutable. Float fields are held as doubles so
 * that both versions fit. The orientation fields (qform, sform, pixdim, xyzt_units) are kept
 * exactly as read so that a label volume written with this header's geometry lines up with the
 * image it came from in other tools. Voxel order is as stored: x fastest, then y, then z.
 * Build one with {@link #builder()} or change a copy with {@link #toBuilder()}.
 */
public final class NiftiHeader {

	/** {@code qform_code}/{@code sform_code}: no transform. */
	public static final int XFORM_UNKNOWN = 0;
	/** {@code qform_code}/{@code sform_code}: scanner-based anatomical coordinates. */
	public static final int XFORM_SCANNER_ANAT = 1;
	/** {@code qform_code}/{@code sform_code}: coordinates aligned to another file. */
	public static final int XFORM_ALIGNED_ANAT = 2;
	public static final int XFORM_TALAIRACH = 3;
	public static final int XFORM_MNI_152 = 4;

	/** Spatial units in {@code xyzt_units} (bits 0-2). */
	public static final int UNITS_UNKNOWN = 0, UNITS_METER = 1, UNITS_MM = 2, UNITS_MICRON = 3;
	/** Time units in {@code xyzt_units} (bits 3-5). */
	public static final int UNITS_SEC = 8, UNITS_MSEC = 16, UNITS_USEC = 24;

	public static final int INTENT_NONE = 0;
	/** {@code intent_code} of a label image: voxel values are indices, not intensities. */
	public static final int INTENT_LABEL = 1002;

	/** Micrometre, as ImageJ writes it. */
	public static final String MICRON = "\u00b5m";

	private final NiftiVersion version;
	private final ByteOrder byteOrder;
	private final boolean pairedFiles;
	private final long voxOffset;
	private final long[] dim;
	private final double[] pixdim;
	private final NiftiDataType dataType;
	private final double sclSlope, sclInter, calMin, calMax;
	private final int intentCode;
	private final double intentP1, intentP2, intentP3;
	private final String intentName;
	private final int dimInfo, sliceCode;
	private final long sliceStart, sliceEnd;
	private final double sliceDuration, toffset;
	private final int xyztUnits;
	private final String descrip, auxFile;
	private final int qformCode, sformCode;
	private final double quaternB, quaternC, quaternD, qoffsetX, qoffsetY, qoffsetZ;
	private final double[][] srow;

	private NiftiHeader(Builder b) {
		version = b.version;
		byteOrder = b.byteOrder;
		pairedFiles = b.pairedFiles;
		voxOffset = b.voxOffset;
		dim = b.dim.clone();
		pixdim = b.pixdim.clone();
		dataType = b.dataType;
		sclSlope = b.sclSlope;
		sclInter = b.sclInter;
		calMin = b.calMin;
		calMax = b.calMax;
		intentCode = b.intentCode;
		intentP1 = b.intentP1;
		intentP2 = b.intentP2;
		intentP3 = b.intentP3;
		intentName = b.intentName;
		dimInfo = b.dimInfo;
		sliceCode = b.sliceCode;
		sliceStart = b.sliceStart;
		sliceEnd = b.sliceEnd;
		sliceDuration = b.sliceDuration;
		toffset = b.toffset;
		xyztUnits = b.xyztUnits;
		descrip = b.descrip;
		auxFile = b.auxFile;
		qformCode = b.qformCode;
		sformCode = b.sformCode;
		quaternB = b.quaternB;
		quaternC = b.quaternC;
		quaternD = b.quaternD;
		qoffsetX = b.qoffsetX;
		qoffsetY = b.qoffsetY;
		qoffsetZ = b.qoffsetZ;
		srow = new double[][] { b.srow[0].clone(), b.srow[1].clone(), b.srow[2].clone() };
	}

	/** A new builder: NIfTI-1, little-endian, float32, a 1x1x1 image with unit spacing and no transforms. */
	public static Builder builder() { return new Builder(); }

	/**
	 * A float32 header for a {@code width x height x depth} grid whose only geometry is the voxel
	 * size: qform and sform are both the scaling diag(x, y, z) with origin 0 and code
	 * {@link #XFORM_SCANNER_ANAT}, the grid every tool derives from pixdim, stated explicitly so that
	 * no tool substitutes its own default. Rank 2 when depth is 1, else 3.
	 */
	public static NiftiHeader fromSpacing(long width, long height, long depth, Spacing spacing) {
		Builder b = builder().spacing(spacing == null ? Spacing.UNIT : spacing);
		if (depth > 1) b.size(width, height, depth);
		else b.size(width, height);
		double[][] rows = new double[3][4];
		for (int i = 0; i < 3; i++) rows[i][i] = b.pixdim[i + 1];
		return b.qform(XFORM_SCANNER_ANAT, 0, 0, 0, 0, 0, 0, 1).sform(XFORM_SCANNER_ANAT, rows).build();
	}

	/** A builder holding a copy of every field of this header. */
	public Builder toBuilder() { return new Builder(this); }

	// ---- layout ----

	public NiftiVersion version() { return version; }

	public ByteOrder byteOrder() { return byteOrder; }

	/** Whether the header came from a {@code .hdr/.img} pair (magic "ni1"/"ni2") rather than one {@code .nii}. */
	public boolean pairedFiles() { return pairedFiles; }

	/** Byte offset of the voxel data, as read ({@code vox_offset}); writers choose their own. */
	public long voxOffset() { return voxOffset; }

	// ---- size and type ----

	/** {@code dim[i]}, i in 0..7; dim[0] is the number of dimensions. */
	public long dim(int i) { return dim[i]; }

	/** A copy of {@code dim[0..7]}. */
	public long[] dims() { return dim.clone(); }

	/** Number of dimensions ({@code dim[0]}). */
	public int rank() { return (int) dim[0]; }

	/** Size along axis 1..7, 1 for axes beyond {@link #rank()}. */
	public long size(int axis) { return axis <= dim[0] ? dim[axis] : 1; }

	public long nx() { return size(1); }

	public long ny() { return size(2); }

	public long nz() { return size(3); }

	/** The number of 3D volumes: the product of the sizes along axes 4 and up. */
	public long volumeCount() {
		long n = 1;
		for (int i = 4; i <= 7; i++) n *= size(i);
		return n;
	}

	/** Voxels in one 3D volume. */
	public long voxelsPerVolume() { return nx() * ny() * nz(); }

	public NiftiDataType dataType() { return dataType; }

	/** {@code pixdim[i]}, i in 0..7; pixdim[0] is qfac, pixdim[1..3] the voxel size. */
	public double pixdim(int i) { return pixdim[i]; }

	/** A copy of {@code pixdim[0..7]}. */
	public double[] pixdims() { return pixdim.clone(); }

	/** The sign of the z axis in the qform: -1 or 1 (pixdim[0]; 0 is read as 1, as the standard says). */
	public double qfac() { return pixdim[0] < 0 ? -1 : 1; }

	// ---- intensity ----

	public double sclSlope() { return sclSlope; }

	public double sclInter() { return sclInter; }

	/** Whether stored values are scaled on read: a finite, non-zero slope that is not the identity. */
	public boolean hasScaling() {
		return isUsableSlope(sclSlope) && !(sclSlope == 1 && effectiveInter() == 0);
	}

	/** The slope applied on read: {@code scl_slope}, or 1 where it is 0 or not finite (meaning "no scaling"). */
	public double effectiveSlope() { return isUsableSlope(sclSlope) ? sclSlope : 1; }

	/** The intercept applied on read: {@code scl_inter} when the slope is used and the intercept finite, else 0. */
	public double effectiveInter() { return isUsableSlope(sclSlope) && Double.isFinite(sclInter) ? sclInter : 0; }

	private static boolean isUsableSlope(double s) { return s != 0 && Double.isFinite(s); }

	public double calMin() { return calMin; }

	public double calMax() { return calMax; }

	public int intentCode() { return intentCode; }

	public double intentP1() { return intentP1; }

	public double intentP2() { return intentP2; }

	public double intentP3() { return intentP3; }

	public String intentName() { return intentName; }

	// ---- acquisition ----

	public int dimInfo() { return dimInfo; }

	public int sliceCode() { return sliceCode; }

	public long sliceStart() { return sliceStart; }

	public long sliceEnd() { return sliceEnd; }

	public double sliceDuration() { return sliceDuration; }

	public double toffset() { return toffset; }

	public String descrip() { return descrip; }

	public String auxFile() { return auxFile; }

	// ---- geometry ----

	public int xyztUnits() { return xyztUnits; }

	/** The spatial unit code: {@link #UNITS_METER}, {@link #UNITS_MM}, {@link #UNITS_MICRON} or {@link #UNITS_UNKNOWN}. */
	public int spaceUnits() { return xyztUnits & 0x07; }

	/** The time unit code ({@link #UNITS_SEC}...), 0 when unknown. */
	public int timeUnits() { return xyztUnits & 0x38; }

	public int qformCode() { return qformCode; }

	public int sformCode() { return sformCode; }

	public double quaternB() { return quaternB; }

	public double quaternC() { return quaternC; }

	public double quaternD() { return quaternD; }

	public double qoffsetX() { return qoffsetX; }

	public double qoffsetY() { return qoffsetY; }

	public double qoffsetZ() { return qoffsetZ; }

	/** A copy of {@code srow_x}. */
	public double[] srowX() { return srow[0].clone(); }

	public double[] srowY() { return srow[1].clone(); }

	public double[] srowZ() { return srow[2].clone(); }

	/**
	 * The voxel size as a {@link Spacing}: |pixdim[1..3]| in the unit of {@code xyzt_units}
	 * ("mm", "\u00b5m" or "m"). Unknown units are taken as mm, as ITK and 3D Slicer do. Axes
	 * beyond the rank, and zero or non-finite sizes, become 1.
	 */
	public Spacing spacing() {
		return new Spacing(voxelSize(1), voxelSize(2), voxelSize(3), unitName(spaceUnits()));
	}

	/** Whether pixdim[axis] (axis 1..3, within the rank) is unusable as a voxel size. */
	boolean badVoxelSize(int axis) {
		double d = pixdim[axis];
		return axis <= dim[0] && !(Double.isFinite(d) && d != 0);
	}

	private double voxelSize(int axis) {
		if (axis > dim[0] || badVoxelSize(axis)) return 1;
		return Math.abs(pixdim[axis]);
	}

	/** The unit string for a spatial unit code. */
	public static String unitName(int spaceUnits) {
		switch (spaceUnits) {
			case UNITS_METER: return "m";
			case UNITS_MICRON: return MICRON;
			default: return "mm";
		}
	}

	/** The 4x4 voxel-to-world matrix of the qform (method 2 of the standard), whatever its code. */
	public double[][] qformMatrix() {
		double b = quaternB, c = quaternC, d = quaternD;
		double aa = 1 - (b * b + c * c + d * d);
		double a;
		if (aa < 1e-7) {
			// rounding in the stored b, c, d: a is 0 and (b, c, d) a unit vector (180 degree turn)
			double n = Math.sqrt(b * b + c * c + d * d);
			a = 0;
			b /= n;
			c /= n;
			d /= n;
		} else {
			a = Math.sqrt(aa);
		}
		double[][] r = {
				{ a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c) },
				{ 2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b) },
				{ 2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b } };
		double[] s = { voxelSize(1), voxelSize(2), voxelSize(3) * qfac() };
		double[] o = { qoffsetX, qoffsetY, qoffsetZ };
		double[][] m = new double[4][4];
		for (int i = 0; i < 3; i++) {
			for (int j = 0; j < 3; j++) m[i][j] = r[i][j] * s[j];
			m[i][3] = o[i];
		}
		m[3][3] = 1;
		return m;
	}

	/** The 4x4 voxel-to-world matrix of the sform rows, whatever its code. */
	public double[][] sformMatrix() {
		return new double[][] { srow[0].clone(), srow[1].clone(), srow[2].clone(), { 0, 0, 0, 1 } };
	}

	/**
	 * The voxel-to-world matrix that viewers use: the sform when its code is set, else the qform
	 * when its code is set, else a plain scaling by the voxel size.
	 */
	public double[][] affine() {
		if (sformCode > 0) return sformMatrix();
		if (qformCode > 0) return qformMatrix();
		double[][] m = new double[4][4];
		for (int i = 0; i < 3; i++) m[i][i] = voxelSize(i + 1);
		m[3][3] = 1;
		return m;
	}

	@Override
	public boolean equals(Object o) {
		if (this == o) return true;
		if (!(o instanceof NiftiHeader)) return false;
		NiftiHeader h = (NiftiHeader) o;
		return version == h.version && byteOrder.equals(h.byteOrder) && pairedFiles == h.pairedFiles && voxOffset == h.voxOffset
				&& Arrays.equals(dim, h.dim) && Arrays.equals(pixdim, h.pixdim) && dataType == h.dataType
				&& same(sclSlope, h.sclSlope) && same(sclInter, h.sclInter) && same(calMin, h.calMin) && same(calMax, h.calMax)
				&& intentCode == h.intentCode && same(intentP1, h.intentP1) && same(intentP2, h.intentP2) && same(intentP3, h.intentP3)
				&& intentName.equals(h.intentName) && dimInfo == h.dimInfo && sliceCode == h.sliceCode && sliceStart == h.sliceStart
				&& sliceEnd == h.sliceEnd && same(sliceDuration, h.sliceDuration) && same(toffset, h.toffset) && xyztUnits == h.xyztUnits
				&& descrip.equals(h.descrip) && auxFile.equals(h.auxFile) && qformCode == h.qformCode && sformCode == h.sformCode
				&& same(quaternB, h.quaternB) && same(quaternC, h.quaternC) && same(quaternD, h.quaternD)
				&& same(qoffsetX, h.qoffsetX) && same(qoffsetY, h.qoffsetY) && same(qoffsetZ, h.qoffsetZ)
				&& Arrays.deepEquals(srow, h.srow);
	}

	private static boolean same(double a, double b) { return Double.compare(a, b) == 0; }

	@Override
	public int hashCode() {
		return Objects.hash(version, dataType, Arrays.hashCode(dim), Arrays.hashCode(pixdim), qformCode, sformCode);
	}

	@Override
	public String toString() {
		StringBuilder sb = new StringBuilder();
		sb.append(version == NiftiVersion.NIFTI1 ? "NIfTI-1" : "NIfTI-2").append(' ').append(dataType);
		sb.append(' ');
		for (int i = 1; i <= dim[0]; i++) sb.append(i > 1 ? "x" : "").append(dim[i]);
		sb.append(String.format(Locale.ROOT, ", voxel %g x %g x %g %s", pixdim[1], pixdim[2], pixdim[3], unitName(spaceUnits())));
		sb.append(", qform ").append(qformCode).append(", sform ").append(sformCode);
		if (hasScaling()) sb.append(String.format(Locale.ROOT, ", scl %g * v + %g", sclSlope, effectiveInter()));
		sb.append(byteOrder == ByteOrder.BIG_ENDIAN ? ", big-endian" : ", little-endian");
		return sb.toString();
	}

	/** Builds a {@link NiftiHeader}; every setter returns this builder. */
	public static final class Builder {

		private NiftiVersion version = NiftiVersion.NIFTI1;
		private ByteOrder byteOrder = ByteOrder.LITTLE_ENDIAN;
		private boolean pairedFiles;
		private long voxOffset = NiftiVersion.NIFTI1.dataOffset();
		private long[] dim = { 3, 1, 1, 1, 1, 1, 1, 1 };
		private double[] pixdim = { 1, 1, 1, 1, 0, 0, 0, 0 };
		private NiftiDataType dataType = NiftiDataType.FLOAT32;
		private double sclSlope = 1, sclInter, calMin, calMax;
		private int intentCode;
		private double intentP1, intentP2, intentP3;
		private String intentName = "";
		private int dimInfo, sliceCode;
		private long sliceStart, sliceEnd;
		private double sliceDuration, toffset;
		private int xyztUnits;
		private String descrip = "", auxFile = "";
		private int qformCode, sformCode;
		private double quaternB, quaternC, quaternD, qoffsetX, qoffsetY, qoffsetZ;
		private double[][] srow = new double[3][4];

		private Builder() {}

		private Builder(NiftiHeader h) {
			version = h.version;
			byteOrder = h.byteOrder;
			pairedFiles = h.pairedFiles;
			voxOffset = h.voxOffset;
			dim = h.dim.clone();
			pixdim = h.pixdim.clone();
			dataType = h.dataType;
			sclSlope = h.sclSlope;
			sclInter = h.sclInter;
			calMin = h.calMin;
			calMax = h.calMax;
			intentCode = h.intentCode;
			intentP1 = h.intentP1;
			intentP2 = h.intentP2;
			intentP3 = h.intentP3;
			intentName = h.intentName;
			dimInfo = h.dimInfo;
			sliceCode = h.sliceCode;
			sliceStart = h.sliceStart;
			sliceEnd = h.sliceEnd;
			sliceDuration = h.sliceDuration;
			toffset = h.toffset;
			xyztUnits = h.xyztUnits;
			descrip = h.descrip;
			auxFile = h.auxFile;
			qformCode = h.qformCode;
			sformCode = h.sformCode;
			quaternB = h.quaternB;
			quaternC = h.quaternC;
			quaternD = h.quaternD;
			qoffsetX = h.qoffsetX;
			qoffsetY = h.qoffsetY;
			qoffsetZ = h.qoffsetZ;
			srow = h.sformMatrix();
		}

		public NiftiHeader build() {
			if (dim[0] < 1 || dim[0] > 7) throw new IllegalArgumentException("dim[0] must be 1..7, got " + dim[0]);
			for (int i = 1; i <= dim[0]; i++) if (dim[i] < 1) throw new IllegalArgumentException("dim[" + i + "] must be positive, got " + dim[i]);
			return new NiftiHeader(this);
		}

		public Builder version(NiftiVersion v) { version = Objects.requireNonNull(v); return this; }

		public Builder byteOrder(ByteOrder o) { byteOrder = Objects.requireNonNull(o); return this; }

		public Builder pairedFiles(boolean b) { pairedFiles = b; return this; }

		public Builder voxOffset(long v) { voxOffset = v; return this; }

		/** Sets dim[0] to the number of sizes and dim[1..] to the sizes (the rest 1). */
		public Builder size(long... sizes) {
			if (sizes.length < 1 || sizes.length > 7) throw new IllegalArgumentException("1 to 7 sizes expected");
			Arrays.fill(dim, 1);
			dim[0] = sizes.length;
			System.arraycopy(sizes, 0, dim, 1, sizes.length);
			return this;
		}

		/** Sets {@code dim[0..7]} as given (8 values). */
		public Builder dims(long[] d) {
			if (d.length != 8) throw new IllegalArgumentException("dim has 8 entries");
			dim = d.clone();
			return this;
		}

		/** Sets {@code pixdim[0..7]} as given (8 values). */
		public Builder pixdims(double[] p) {
			if (p.length != 8) throw new IllegalArgumentException("pixdim has 8 entries");
			pixdim = p.clone();
			return this;
		}

		public Builder pixdim(int i, double v) { pixdim[i] = v; return this; }

		public Builder dataType(NiftiDataType t) {
			if (!Objects.requireNonNull(t).isSupported()) throw new IllegalArgumentException("unsupported data type " + t.typeName() + " (code " + t.code() + ")");
			dataType = t;
			return this;
		}

		/** Lets the codec record an unsupported type read from a file; the reader rejects it with a clear message. */
		Builder rawDataType(NiftiDataType t) { dataType = t; return this; }

		public Builder scaling(double slope, double inter) { sclSlope = slope; sclInter = inter; return this; }

		public Builder calRange(double min, double max) { calMin = min; calMax = max; return this; }

		public Builder intent(int code, double p1, double p2, double p3, String name) {
			intentCode = code;
			intentP1 = p1;
			intentP2 = p2;
			intentP3 = p3;
			intentName = name == null ? "" : name;
			return this;
		}

		public Builder dimInfo(int v) { dimInfo = v; return this; }

		public Builder sliceTiming(int code, long start, long end, double duration) {
			sliceCode = code;
			sliceStart = start;
			sliceEnd = end;
			sliceDuration = duration;
			return this;
		}

		public Builder toffset(double v) { toffset = v; return this; }

		public Builder xyztUnits(int v) { xyztUnits = v; return this; }

		public Builder descrip(String s) { descrip = s == null ? "" : s; return this; }

		public Builder auxFile(String s) { auxFile = s == null ? "" : s; return this; }

		/** Sets the qform fields; {@code qfac} (-1 or 1) goes to pixdim[0]. */
		public Builder qform(int code, double b, double c, double d, double offsetX, double offsetY, double offsetZ, double qfac) {
			qformCode = code;
			quaternB = b;
			quaternC = c;
			quaternD = d;
			qoffsetX = offsetX;
			qoffsetY = offsetY;
			qoffsetZ = offsetZ;
			pixdim[0] = qfac < 0 ? -1 : 1;
			return this;
		}

		public Builder qformCode(int code) { qformCode = code; return this; }

		/** Sets the sform code and rows (3 rows of 4, or a 4x4 matrix whose last row is ignored). */
		public Builder sform(int code, double[][] rows) {
			sformCode = code;
			for (int i = 0; i < 3; i++) {
				if (rows[i].length != 4) throw new IllegalArgumentException("sform rows have 4 entries");
				srow[i] = rows[i].clone();
			}
			return this;
		}

		public Builder sformCode(int code) { sformCode = code; return this; }

		/**
		 * Sets pixdim[1..3] from the spacing and the spatial unit of {@code xyzt_units} from its
		 * unit ("mm", "\u00b5m"/"um"/"micron", "m"; "cm" and "nm" are converted to mm and
		 * \u00b5m; anything else, e.g. "pixel", is written as unknown). The time unit is kept.
		 */
		public Builder spacing(Spacing s) {
			String u = s.unit().trim().toLowerCase(Locale.ROOT);
			int code;
			double f = 1;
			switch (u) {
				case "mm": case "millimeter": case "millimetre": code = UNITS_MM; break;
				case "\u00b5m": case "\u03bcm": case "um": case "micron": case "microns": case "micrometer": case "micrometre": code = UNITS_MICRON; break;
				case "m": case "meter": case "metre": code = UNITS_METER; break;
				case "cm": code = UNITS_MM; f = 10; break;
				case "nm": code = UNITS_MICRON; f = 1e-3; break;
				default: code = UNITS_UNKNOWN;
			}
			pixdim[1] = s.x() * f;
			pixdim[2] = s.y() * f;
			pixdim[3] = s.z() * f;
			xyztUnits = (xyztUnits & 0x38) | code;
			return this;
		}

		/**
		 * Sets pixdim[1..3], the qform (quaternion, offsets, qfac) and the sform rows from a
		 * voxel-to-world matrix (3x4 or 4x4) whose columns are orthogonal. The sform keeps the
		 * matrix exactly; the qform is its nearest rotation-plus-scaling form.
		 */
		public Builder geometryFromAffine(int qCode, int sCode, double[][] affine) {
			double[][] r = new double[3][3];
			double[] size = new double[3];
			for (int j = 0; j < 3; j++) {
				double n = Math.sqrt(affine[0][j] * affine[0][j] + affine[1][j] * affine[1][j] + affine[2][j] * affine[2][j]);
				if (!(n > 0)) throw new IllegalArgumentException("affine column " + j + " is zero");
				size[j] = n;
				for (int i = 0; i < 3; i++) r[i][j] = affine[i][j] / n;
			}
			double det = r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1]) - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
					+ r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
			double qfac = 1;
			if (det < 0) {
				// a left-handed grid: NIfTI stores it as a rotation with the z axis flipped (qfac -1)
				qfac = -1;
				for (int i = 0; i < 3; i++) r[i][2] = -r[i][2];
			}
			double[] q = quaternion(r);
			qform(qCode, q[1], q[2], q[3], affine[0][3], affine[1][3], affine[2][3], qfac);
			pixdim[1] = size[0];
			pixdim[2] = size[1];
			pixdim[3] = size[2];
			return sform(sCode, affine);
		}

		/** (a, b, c, d) of a rotation matrix, with a >= 0 as NIfTI requires. */
		private static double[] quaternion(double[][] r) {
			double a, b, c, d;
			double trace = r[0][0] + r[1][1] + r[2][2];
			if (trace > -0.5) {
				a = 0.5 * Math.sqrt(1 + trace);
				b = 0.25 * (r[2][1] - r[1][2]) / a;
				c = 0.25 * (r[0][2] - r[2][0]) / a;
				d = 0.25 * (r[1][0] - r[0][1]) / a;
			} else if (r[0][0] >= r[1][1] && r[0][0] >= r[2][2]) {
				b = 0.5 * Math.sqrt(1 + r[0][0] - r[1][1] - r[2][2]);
				a = 0.25 * (r[2][1] - r[1][2]) / b;
				c = 0.25 * (r[0][1] + r[1][0]) / b;
				d = 0.25 * (r[0][2] + r[2][0]) / b;
			} else if (r[1][1] >= r[2][2]) {
				c = 0.5 * Math.sqrt(1 + r[1][1] - r[0][0] - r[2][2]);
				a = 0.25 * (r[0][2] - r[2][0]) / c;
				b = 0.25 * (r[0][1] + r[1][0]) / c;
				d = 0.25 * (r[1][2] + r[2][1]) / c;
			} else {
				d = 0.5 * Math.sqrt(1 + r[2][2] - r[0][0] - r[1][1]);
				a = 0.25 * (r[1][0] - r[0][1]) / d;
				b = 0.25 * (r[0][2] + r[2][0]) / d;
				c = 0.25 * (r[1][2] + r[2][1]) / d;
			}
			if (a < 0) {
				a = -a;
				b = -b;
				c = -c;
				d = -d;
			}
			return new double[] { a, b, c, d };
		}
	}
}
