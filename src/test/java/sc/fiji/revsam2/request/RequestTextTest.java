package sc.fiji.revsam2.request;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.revsam2.algorithm.Method;
import sc.fiji.revsam2.algorithm.RevSam2Options;
import sc.fiji.revsam2.volume.IntensityWindow;
import sc.fiji.revsam2.sam2.Precision;

/** The one parser of the text forms, and the request it feeds. */
class RequestTextTest {

	@TempDir
	Path dir;

	private static String message(Runnable r) {
		return assertThrows(IllegalArgumentException.class, r::run).getMessage();
	}

	@Test
	void classNames() {
		assertEquals(Map.of(1, "liver", 2, "right kidney", 3, "spleen"), RequestText.classNames("names", "1=liver, 2 = right kidney;\n3=spleen\n"));
		assertTrue(RequestText.classNames("names", "  ").isEmpty());
		assertTrue(RequestText.classNames("names", null).isEmpty());
		assertEquals("names: label 2 is named twice", message(() -> RequestText.classNames("names", "2=a;2=b")));
		assertTrue(message(() -> RequestText.classNames("--class-names", "1:liver")).startsWith("--class-names: expected label=name pairs"));
		assertTrue(message(() -> RequestText.classNames("n", "0=x")).contains("out of range (1 to 65535)"));
		assertTrue(message(() -> RequestText.classNames("n", "1= ")).contains("label 1 has an empty name"));
	}

	@Test
	void sliceRanges() {
		assertEquals(new SliceRange(3, 12), RequestText.sliceRange("--slices", "3-12"));
		assertEquals(new SliceRange(5, 5), RequestText.sliceRange("--slices", "5"));
		assertTrue(message(() -> RequestText.sliceRange("--slices", "4-2")).contains("before the first"));
		assertEquals(SliceRange.ALL, RequestText.sliceRange("k", 0, 0));
		assertEquals(new SliceRange(2, 0), RequestText.sliceRange("k", 2, 0));
		assertTrue(message(() -> RequestText.sliceRange("first_slice/last_slice", 6, 3)).contains("slice range 6-3 runs backwards"));
		List<String> warnings = new ArrayList<>();
		assertArrayEquals(new int[] { 1, 4 }, new SliceRange(2, 99).zeroBased(5, "--slices", "q", warnings::add));
		assertEquals(List.of("--slices 2-99: q has 5 slices; segmenting 2-5"), warnings);
		assertArrayEquals(new int[] { 1, 4 }, new SliceRange(2, 0).zeroBased(5, "--slices", "q", warnings::add));
		assertEquals(1, warnings.size(), "'to the last' is no clamp");
		assertEquals("--slices 6-last: q has only 5 slices", message(() -> new SliceRange(6, 0).zeroBased(5, "--slices", "q", null)));
	}

	@Test
	void sliceListsAreCheckedBeforeExpansion() {
		assertArrayEquals(new int[] { 2, 3, 4, 7 }, RequestText.sliceList("s", "7, 2-4,3", 9, "v"));
		assertEquals("s 2147483647: v has only 9 slices (slices are 1-based)", message(() -> RequestText.sliceList("s", "3-2147483647", 9, "v")));
		RequestText.checkSliceList("s", "3-2147483647"); // the form alone is fine; nothing is expanded
		assertTrue(message(() -> RequestText.checkSliceList("s", "3,,4")).contains("empty item"));
		assertTrue(message(() -> RequestText.checkSliceList("s", "5-3")).contains("runs backwards"));
	}

	@Test
	void windowsMethodsPrecision() {
		assertEquals(IntensityWindow.MIN_MAX, RequestText.window("w", ""));
		assertEquals(new IntensityWindow(-160, 240), RequestText.window("w", "Abdomen (W400 L40)"));
		assertEquals(new IntensityWindow(-160, 240), RequestText.window("--window", "400,40"));
		assertTrue(message(() -> RequestText.window("--window", "soft tissue")).startsWith("--window: "));
		for (String c : RequestText.windowChoices()) RequestText.window("w", c);
		assertEquals(Method.REVSAM2, RequestText.method("m", " "));
		assertEquals(Method.FORWARD_WITH_QUERY, RequestText.method("m", "forward-query"));
		assertEquals(List.of("revsam2", "forward", "forward-query", "random"), List.of(RequestText.methodChoices()));
		assertEquals(Precision.BFLOAT16, RequestText.precision("p", "bf16"));
		assertEquals(Precision.FLOAT32, RequestText.precision("p", ""));
		assertTrue(message(() -> RequestText.precision("--precision", "fp8")).startsWith("--precision: unknown precision"));
	}

	@Test
	void theRequestMakesTheAlgorithmsOptions() {
		SegmentationRequest r = new SegmentationRequest(Map.of(), new SliceRange(2, 4), null, Method.RANDOM_SELECTION, 3, 7, 0, null, null, null);
		RevSam2Options o = r.options(10, "--slices", "q", null);
		assertEquals(3, o.k());
		assertEquals(Method.RANDOM_SELECTION, o.method());
		assertEquals(7, o.seed());
		assertEquals(0, o.fillHoleArea());
		assertEquals(1, o.firstSlice());
		assertEquals(3, o.lastSlice());
		assertEquals(-1, SegmentationRequest.defaults().options(10, "s", "q", null).lastSlice(), "all slices: no range");
		assertThrows(IllegalArgumentException.class, () -> new SegmentationRequest(Map.of(), null, null, null, 0, 0, 8, null, null, null));
	}

	@Test
	void outputsAreProbed() throws Exception {
		OutputCheck.writable("--output", dir.resolve("new/deeper/out.nii.gz")); // missing folders are made later
		Path file = Files.writeString(dir.resolve("f"), "x");
		assertTrue(message(() -> OutputCheck.writable("--output", file.resolve("out.nii.gz"))).contains("is a file, not a folder"));
		assertTrue(message(() -> OutputCheck.writable("--output", dir)).contains("is a folder"));
		try (var s = Files.list(dir)) {
			assertEquals(1, s.count(), "no probe left behind");
		}
	}
}
