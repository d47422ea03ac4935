package sc.fiji.revsam2.io;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.view.Views;
import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Spacing;
import sc.fiji.revsam2.volume.Volume;

/**
 * The core's image boundary in ImgLib2: a {@link Volume} from any {@link RandomAccessibleInterval}
 * of real values (x, y and the slice axis; a 2D image is one slice), and labels back as an
 * ImgLib2 image. Planar float data is wrapped, not copied: the planes of a
 * {@code PlanarImg<FloatType, FloatArray>}, or the array of a one-slice {@code ArrayImg}, become
 * the volume's slices (so writing to one writes to the other). Anything else is copied slice by
 * slice, x fastest. The labels come back as a {@code PlanarImg<UnsignedShortType>} over the label
 * volume's own slices.
 */
public final class ImgLib2Volumes {

	private ImgLib2Volumes() {}

	/** A volume of the image with unit voxel size. */
	public static Volume toVolume(RandomAccessibleInterval<? extends RealType<?>> image) {
		return toVolume(image, Spacing.UNIT);
	}

	/**
	 * A volume of the image (2D or 3D, any min) with this voxel size.
	 * @throws IllegalArgumentException for another number of dimensions or a slice over 2^31 voxels
	 */
	public static Volume toVolume(RandomAccessibleInterval<? extends RealType<?>> image, Spacing spacing) {
		int[] size = size(image);
		float[][] planes = floatPlanes(image, size);
		if (planes == null) {
			int plane = size[0] * size[1];
			planes = new float[size[2]][plane];
			long i = 0;
			for (RealType<?> t : Views.flatIterable(image)) {
				planes[(int) (i / plane)][(int) (i % plane)] = t.getRealFloat();
				i++;
			}
		}
		return new Volume(size[0], size[1], planes, spacing);
	}

	/**
	 * A label volume of an image of whole label values (0 = background, 1..65535 = classes; any
	 * real type holding whole numbers, e.g. a label image read as float).
	 * @throws IllegalArgumentException naming the first voxel that is not a label value
	 */
	public static LabelVolume toLabelVolume(RandomAccessibleInterval<? extends RealType<?>> labels, Spacing spacing) {
		int[] size = size(labels);
		int plane = size[0] * size[1];
		short[][] slices = new short[size[2]][plane];
		long i = 0;
		for (RealType<?> t : Views.flatIterable(labels)) {
			double v = t.getRealDouble();
			if (!(v >= 0 && v <= LabelVolume.MAX_LABEL && v == Math.rint(v))) {
				throw new IllegalArgumentException("label image voxel " + (i % size[0]) + "," + (i % plane / size[0]) + "," + (i / plane) + " is " + v
					+ ": labels are whole numbers 0.." + LabelVolume.MAX_LABEL);
			}
			slices[(int) (i / plane)][(int) (i % plane)] = (short) v;
			i++;
		}
		return new LabelVolume(size[0], size[1], slices, spacing);
	}

	/** The labels as an ImgLib2 image (x, y, slice) over the label volume's own arrays. */
	public static PlanarImg<UnsignedShortType, ShortArray> toImg(LabelVolume labels) {
		List<ShortArray> planes = new ArrayList<>(labels.depth());
		for (int z = 0; z < labels.depth(); z++) planes.add(new ShortArray(labels.slice(z)));
		PlanarImg<UnsignedShortType, ShortArray> img = new PlanarImg<>(planes, new long[] { labels.width(), labels.height(), labels.depth() }, new Fraction());
		img.setLinkedType(new UnsignedShortType(img));
		return img;
	}

	/** The planes of planar float data starting at the origin, or null if the data are otherwise. */
	@SuppressWarnings("unchecked")
	private static float[][] floatPlanes(RandomAccessibleInterval<?> image, int[] size) {
		for (int d = 0; d < image.numDimensions(); d++) if (image.min(d) != 0) return null;
		if (image instanceof PlanarImg<?, ?> p && p.firstElement() instanceof FloatType && p.getPlane(0) instanceof FloatArray) {
			PlanarImg<FloatType, FloatArray> f = (PlanarImg<FloatType, FloatArray>) p;
			float[][] planes = new float[size[2]][];
			for (int z = 0; z < size[2]; z++) planes[z] = f.getPlane(z).getCurrentStorageArray();
			return planes;
		}
		if (size[2] == 1 && image instanceof ArrayImg<?, ?> a && a.firstElement() instanceof FloatType && a.update(null) instanceof FloatArray fa) {
			return new float[][] { fa.getCurrentStorageArray() };
		}
		return null;
	}

	/** {width, height, depth}. */
	private static int[] size(RandomAccessibleInterval<?> image) {
		int n = image.numDimensions();
		if (n != 2 && n != 3) throw new IllegalArgumentException("RevSAM2 takes a 2D or 3D image (x, y, slices), got " + n + " dimensions");
		long w = image.dimension(0), h = image.dimension(1), d = n == 3 ? image.dimension(2) : 1;
		if (w * h > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("a slice of " + w + " x " + h + " voxels is too large");
		if (d > Integer.MAX_VALUE) throw new IllegalArgumentException(d + " slices are too many");
		return new int[] { (int) w, (int) h, (int) d };
	}
}
