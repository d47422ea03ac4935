package sc.fiji.revsam2.sam2;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the TensorFlow engine and loads it in its own {@link EngineClassLoader}, once per JVM
 * (a native library can belong to one class loader only).
 *
 * <p>The engine folder holds the plugin's TensorFlow adapter ({@code sc.fiji.revsam2.tf}) and
 * TensorFlow Java's jars. It is looked for, in order: the system property
 * {@value #DIR_PROPERTY}; {@code <Fiji.app>/lib/revsam2-engine} when the plugin jar lies in
 * {@code <Fiji.app>/plugins}; {@code revsam2-engine} beside the plugin jar (the build's
 * {@code target/}). TensorFlow's native jar is taken from the engine folder or, in Fiji, from
 * the platform folder of {@code Fiji.app/jars} (e.g. {@code jars/linux64}). Without an engine
 * folder (tests run from {@code target/classes}) the adapter is loaded from the plugin's own
 * class path, unless {@value #MODE_PROPERTY}{@code =isolated} demands the separate loader.
 */
public final class Sam2Engines {

	/** The engine folder, overriding the search. */
	public static final String DIR_PROPERTY = "revsam2.engine.dir";
	/** {@code isolated} (fail without an engine folder) or {@code classpath} (never isolate); unset: isolate when possible. */
	public static final String MODE_PROPERTY = "revsam2.engine";
	/** The engine folder's name, in {@code Fiji.app/lib} and beside the plugin jar. */
	public static final String FOLDER = "revsam2-engine";
	static final String ENGINE_CLASS = "sc.fiji.revsam2.tf.TfSam2Engine";

	private static Sam2Engine tensorFlow;

	private Sam2Engines() {}

	/** The TensorFlow engine, loaded on first use. */
	public static synchronized Sam2Engine tensorFlow() {
		if (tensorFlow == null) tensorFlow = loadTensorFlow();
		return tensorFlow;
	}

	/** The engine's version and where it was loaded from (a macro can print it: call("sc.fiji.revsam2.sam2.Sam2Engines.describe")). */
	public static String describe() {
		Sam2Engine e = tensorFlow();
		return e.version() + (isIsolated(e) ? ", in its own class loader" : ", on the plugin's class path");
	}

	/** Whether the engine runs in its own class loader (rather than the plugin's class path). */
	public static boolean isIsolated(Sam2Engine engine) {
		return engine.getClass().getClassLoader() instanceof EngineClassLoader;
	}

	private static Sam2Engine loadTensorFlow() {
		String mode = System.getProperty(MODE_PROPERTY, "");
		if (mode.equals("classpath")) return instantiate(Sam2Engines.class.getClassLoader());
		Path dir = findEngineFolder();
		if (dir == null) {
			if (mode.equals("isolated")) {
				throw new EngineUnavailableException("RevSAM2's TensorFlow engine was not found (looked for " + FOLDER + " beside the plugin jar, in Fiji.app/lib and in -D"
					+ DIR_PROPERTY + "): reinstall RevSAM2 by unzipping its release zip into Fiji.app", null);
			}
			return instantiate(Sam2Engines.class.getClassLoader());
		}
		return isolated(jarsOf(dir), Sam2Engines.class.getClassLoader());
	}

	/** The engine loaded from the given jars (and class folders) in a new {@link EngineClassLoader}. */
	public static Sam2Engine isolated(List<Path> jars, ClassLoader parent) {
		URL[] urls = new URL[jars.size()];
		for (int i = 0; i < urls.length; i++) {
			try {
				urls[i] = jars.get(i).toUri().toURL();
			} catch (MalformedURLException e) {
				throw new IllegalArgumentException(jars.get(i) + ": " + e.getMessage(), e);
			}
		}
		return instantiate(new EngineClassLoader(urls, parent));
	}

	private static Sam2Engine instantiate(ClassLoader loader) {
		try {
			return (Sam2Engine) Class.forName(ENGINE_CLASS, true, loader).getConstructor().newInstance();
		} catch (ReflectiveOperationException | LinkageError e) {
			throw new EngineUnavailableException("RevSAM2's TensorFlow engine cannot be loaded (" + e + "): its jars are missing or damaged; reinstall RevSAM2", e);
		}
	}

	/** The engine folder, or null when there is none. */
	static Path findEngineFolder() {
		String explicit = System.getProperty(DIR_PROPERTY);
		if (explicit != null && !explicit.isBlank()) {
			Path p = Paths.get(explicit);
			if (!Files.isDirectory(p)) throw new EngineUnavailableException("-D" + DIR_PROPERTY + "=" + explicit + " is not a folder", null);
			return p;
		}
		Path code = codeLocation();
		if (code == null || !Files.isRegularFile(code)) return null; // a class folder: no release layout
		Path jarDir = code.toAbsolutePath().getParent();
		List<Path> candidates = new ArrayList<>();
		if (jarDir.getParent() != null) candidates.add(jarDir.getParent().resolve("lib").resolve(FOLDER)); // Fiji.app/plugins/<jar>
		candidates.add(jarDir.resolve(FOLDER)); // target/<jar>
		for (Path c : candidates) if (Files.isDirectory(c)) return c;
		return null;
	}

	private static Path codeLocation() {
		try {
			var src = Sam2Engines.class.getProtectionDomain().getCodeSource();
			return src == null ? null : Paths.get(src.getLocation().toURI());
		} catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
			return null;
		}
	}

	/**
	 * The jars of an engine folder, and in a Fiji.app ({@code <app>/lib/revsam2-engine}) the
	 * TensorFlow native jars of {@code <app>/jars/<platform>}.
	 */
	static List<Path> jarsOf(Path dir) {
		List<Path> jars = new ArrayList<>(listJars(dir));
		Path lib = dir.toAbsolutePath().getParent();
		if (lib != null && lib.getFileName() != null && lib.getFileName().toString().equals("lib") && lib.getParent() != null) {
			FijiPlatform platform = FijiPlatform.current();
			Path platformJars = platform == null ? lib : lib.getParent().resolve("jars").resolve(platform.folder());
			for (Path j : listJars(platformJars)) if (j.getFileName().toString().startsWith("tensorflow-core-native-")) jars.add(j);
		}
		if (jars.isEmpty()) throw new EngineUnavailableException("RevSAM2's TensorFlow engine folder " + dir + " holds no jars: reinstall RevSAM2", null);
		return jars;
	}

	private static List<Path> listJars(Path dir) {
		if (!Files.isDirectory(dir)) return List.of();
		try (Stream<Path> s = Files.list(dir)) {
			return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
		} catch (IOException e) {
			throw new EngineUnavailableException("Cannot list " + dir + ": " + e.getMessage(), e);
		}
	}
}
