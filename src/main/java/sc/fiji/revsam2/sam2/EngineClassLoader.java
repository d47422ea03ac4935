package sc.fiji.revsam2.sam2;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A child-first class loader for the inference engine (as bioimage.io's JDLL does for its
 * engines): classes and resources of the engine's own packages (TensorFlow Java, JavaCPP,
 * protobuf-java, the plugin's TensorFlow adapter) come from the engine's jars even when the
 * application has other versions of them (TensorFlow 1.x of CSBDeep/StarDist, another
 * protobuf-java in Fiji.app/jars); everything else, the plugin's interfaces included, comes
 * from the parent, so engine objects are seen through those interfaces.
 */
public final class EngineClassLoader extends URLClassLoader {

	static {
		ClassLoader.registerAsParallelCapable();
	}

	/** The packages that must come from the engine, as class-name prefixes. */
	public static final List<String> OWN_PACKAGES = List.of("org.tensorflow.", "org.bytedeco.", "com.google.protobuf.", "sc.fiji.revsam2.tf.");

	public EngineClassLoader(URL[] urls, ClassLoader parent) {
		super("revsam2-engine", urls, parent);
	}

	static boolean isOwn(String className) {
		for (String p : OWN_PACKAGES) if (className.startsWith(p)) return true;
		return false;
	}

	private static boolean isOwnResource(String name) {
		return isOwn(name.replace('/', '.'));
	}

	@Override
	protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
		if (!isOwn(name)) return super.loadClass(name, resolve);
		synchronized (getClassLoadingLock(name)) {
			Class<?> c = findLoadedClass(name);
			if (c == null) c = findClass(name); // never the parent's copy
			if (resolve) resolveClass(c);
			return c;
		}
	}

	@Override
	public URL getResource(String name) {
		if (isOwnResource(name)) {
			URL u = findResource(name);
			if (u != null) return u;
		}
		return super.getResource(name);
	}

	@Override
	public Enumeration<URL> getResources(String name) throws IOException {
		if (!isOwnResource(name)) return super.getResources(name);
		List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
		if (getParent() != null) for (URL u : Collections.list(getParent().getResources(name))) if (!all.contains(u)) all.add(u);
		return Collections.enumeration(all);
	}
}
