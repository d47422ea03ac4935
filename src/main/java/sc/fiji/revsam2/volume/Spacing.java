package sc.fiji.revsam2.volume;

/** Physical voxel size along x, y and z (the slice axis), in {@code unit} (usually mm). */
public record Spacing(double x, double y, double z, String unit) {

	public static final Spacing UNIT = new Spacing(1, 1, 1, "pixel");

	public Spacing {
		if (!(x > 0 && y > 0 && z > 0)) throw new IllegalArgumentException("voxel spacing must be positive, got " + x + " x " + y + " x " + z);
		if (unit == null || unit.isBlank()) unit = "pixel";
	}
}
