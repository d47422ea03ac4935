package sc.fiji.revsam2.sam2;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The tensor names and shapes of a SAM2 model, without weights: Meta's eight released models
 * and the shrunk "micro" test model (Hiera-Tiny with tiny widths, 256 px), bundled as
 * resources. Used to check config inference and to make random-weight models for the demo
 * and the benchmark.
 */
public record Architecture(String name, int imageSize, long parameters, Map<String, long[]> shapes) {

	/** The shrunk test architecture of the fixtures. */
	public static final String MICRO = "sam2.1_hiera_micro";
	public static final String[] OFFICIAL = { "sam2_hiera_t", "sam2_hiera_s", "sam2_hiera_b+", "sam2_hiera_l",
		"sam2.1_hiera_t", "sam2.1_hiera_s", "sam2.1_hiera_b+", "sam2.1_hiera_l" };

	public static Architecture load(String name) {
		String res = "/sc/fiji/revsam2/architectures/" + name + ".json";
		try (InputStream in = Architecture.class.getResourceAsStream(res)) {
			if (in == null) throw new IllegalArgumentException("no bundled architecture '" + name + "'");
			try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
				JsonObject o = JsonParser.parseReader(r).getAsJsonObject();
				Map<String, long[]> shapes = new LinkedHashMap<>();
				for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("tensors").entrySet()) {
					JsonArray a = e.getValue().getAsJsonArray();
					long[] s = new long[a.size()];
					for (int i = 0; i < s.length; i++) s[i] = a.get(i).getAsLong();
					shapes.put(e.getKey(), s);
				}
				return new Architecture(o.get("name").getAsString(), o.get("imageSize").getAsInt(), o.get("parameters").getAsLong(), shapes);
			}
		} catch (IOException e) {
			throw new IllegalStateException("cannot read bundled architecture " + res, e);
		}
	}
}
