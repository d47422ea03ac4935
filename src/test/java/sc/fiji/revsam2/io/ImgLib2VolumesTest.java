package sc.fiji.revsam2.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Collectors;

import javax.script.Bindings;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineManager;

import org.junit.jupiter.api.Test;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Spacing;
import sc.fiji.revsam2.volume.Volume;

/** The ImgLib2 boundary: volumes from any real image (planar float wrapped), labels back as an Img, and the example script. */
class ImgLib2VolumesTest {

	@Test
	void planarFloatDataAreWrappedNotCopied() {
		PlanarImg<FloatType, FloatArray> img = PlanarImgs.floats(5, 4, 3);
		img.randomAccess().setPositionAndGet(2, 1, 2).set(7.5f);
		Volume v = ImgLib2Volumes.toVolume(img);
		assertEquals(5, v.width());
		assertEquals(3, v.depth());
		assertEquals(7.5f, v.get(2, 1, 2));
		for (int z = 0; z < 3; z++) assertSame(img.getPlane(z).getCurrentStorageArray(), v.slice(z), "plane " + z + " is shared");
		ArrayImg<FloatType, FloatArray> flat = ArrayImgs.floats(6, 2);
		assertSame(flat.update(null).getCurrentStorageArray(), ImgLib2Volumes.toVolume(flat).slice(0), "a 2D float ArrayImg is one shared slice");
	}

	@Test
	void otherTypesViewsAndOriginsAreCopiedXFastest() {
		ArrayImg<UnsignedShortType, ?> img = ArrayImgs.unsignedShorts(4, 3, 2);
		int i = 0;
		for (UnsignedShortType t : img) t.set(i++);
		Volume v = ImgLib2Volumes.toVolume(img, new Spacing(0.5, 0.5, 2, "mm"));
		assertEquals(4 * 3 + 2 * 4 + 1, v.get(1, 2, 1));
		assertEquals(2, v.spacing().z());
		// a view: slices 1.. of the image, moved to another origin
		RandomAccessibleInterval<UnsignedShortType> view = Views.translate(Views.interval(img, new long[] { 0, 0, 1 }, new long[] { 3, 2, 1 }), 10, 10, 10);
		Volume part = ImgLib2Volumes.toVolume(view);
		assertEquals(1, part.depth());
		assertEquals(12, part.get(0, 0, 0));
		Img<DoubleType> doubles = ArrayImgs.doubles(new double[] { 0.25, -3 }, 2, 1);
		assertEquals(-3f, ImgLib2Volumes.toVolume(doubles).get(1, 0, 0));
		assertThrows(IllegalArgumentException.class, () -> ImgLib2Volumes.toVolume(ArrayImgs.floats(2, 2, 2, 2)));
	}

	@Test
	void labelsGoBothWays() {
		ArrayImg<UnsignedByteType, ?> img = ArrayImgs.unsignedBytes(3, 2, 2);
		img.randomAccess().setPositionAndGet(2, 1, 1).set(4);
		LabelVolume l = ImgLib2Volumes.toLabelVolume(img, Spacing.UNIT);
		assertEquals(4, l.get(2, 1, 1));
		PlanarImg<UnsignedShortType, ?> back = ImgLib2Volumes.toImg(l);
		RandomAccess<UnsignedShortType> ra = back.randomAccess();
		assertEquals(4, ra.setPositionAndGet(2, 1, 1).get());
		l.set(0, 0, 0, 60000);
		assertEquals(60000, ra.setPositionAndGet(0, 0, 0).get(), "the Img is a view of the label volume");
		var e = assertThrows(IllegalArgumentException.class, () -> ImgLib2Volumes.toLabelVolume(ArrayImgs.floats(new float[] { 0, 1.5f }, 2, 1), Spacing.UNIT));
		assertTrue(e.getMessage().contains("voxel 1,0,0 is 1.5"), e.getMessage());
	}

	/**
	 * Runs scripts/RevSAM2_ImgLib2.groovy as Fiji's script editor would: the script parameters
	 * ({@code #@} lines, which SciJava reads and removes before Groovy sees the script) are bound
	 * by name, and the output is read back.
	 */
	@Test
	void theGroovyExampleSegmentsAnImgLib2Image() throws Exception {
		String script = Files.readAllLines(Paths.get("scripts", "RevSAM2_ImgLib2.groovy")).stream().map(l -> l.startsWith("#@") ? "" : l)
			.collect(Collectors.joining("\n"));
		ScriptEngine groovy = new ScriptEngineManager().getEngineByName("groovy");
		assertNotNull(groovy, "groovy-jsr223 on the test class path");
		int w = 48, h = 40, d = 6;
		PlanarImg<FloatType, FloatArray> image = PlanarImgs.floats(w, h, d);
		ArrayImg<UnsignedByteType, ?> labels = ArrayImgs.unsignedBytes(w, h, d);
		RandomAccess<FloatType> ia = image.randomAccess();
		RandomAccess<UnsignedByteType> la = labels.randomAccess();
		for (int z = 0; z < d; z++) {
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					boolean inside = (x - 24) * (x - 24) + (y - 20) * (y - 20) < 100;
					ia.setPositionAndGet(x, y, z).set(inside ? 200 : 10);
					if (inside && (z == 1 || z == 4)) la.setPositionAndGet(x, y, z).set(2);
				}
			}
		}
		Bindings b = groovy.createBindings();
		b.put("image", image);
		b.put("labels", labels);
		b.put("model", "phantom");
		b.put("k", 2);
		groovy.eval(script, b);
		Object out = b.get("segmentation");
		assertTrue(out instanceof Img<?>, "segmentation is an Img: " + out);
		Img<?> seg = (Img<?>) out;
		assertEquals(w, seg.dimension(0));
		assertEquals(h, seg.dimension(1));
		assertEquals(d, seg.dimension(2));
		long other = 0;
		for (Object t : seg) {
			int v = ((UnsignedShortType) t).get();
			if (v != 0 && v != 2) other++;
		}
		assertEquals(0, other, "only the support's label (2) or background");
	}
}
