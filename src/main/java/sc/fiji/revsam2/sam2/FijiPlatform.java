package sc.fiji.revsam2.sam2;

import java.util.Locale;

/**
 * The platforms RevSAM2 ships for: Fiji's name for each (its launcher puts
 * {@code Fiji.app/jars/<folder>} on the class path, see fiji/fiji's config/fiji.toml) and
 * TensorFlow Java's native classifier (TensorFlow Java 1.1.0 has no macOS x86-64 build).
 */
public enum FijiPlatform {
	LINUX_X64("linux64", "linux-x86_64"),
	LINUX_ARM64("linux-arm64", "linux-arm64"),
	WINDOWS_X64("win64", "windows-x86_64"),
	MACOS_ARM64("macos-arm64", "macosx-arm64");

	private final String folder;
	private final String classifier;

	FijiPlatform(String folder, String classifier) {
		this.folder = folder;
		this.classifier = classifier;
	}

	/** Fiji's platform folder name ({@code jars/<folder>}, {@code lib/<folder>}). */
	public String folder() { return folder; }

	/** TensorFlow Java's native classifier ({@code tensorflow-core-native-1.1.0-<classifier>.jar}). */
	public String classifier() { return classifier; }

	/** This JVM's platform, or null when TensorFlow Java has no build for it. */
	public static FijiPlatform current() {
		return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
	}

	static FijiPlatform of(String osName, String osArch) {
		String os = osName.toLowerCase(Locale.ROOT), arch = osArch.toLowerCase(Locale.ROOT);
		boolean x64 = arch.equals("amd64") || arch.equals("x86_64"), arm64 = arch.equals("aarch64") || arch.equals("arm64");
		if (os.startsWith("linux")) return x64 ? LINUX_X64 : arm64 ? LINUX_ARM64 : null;
		if (os.startsWith("windows")) return x64 ? WINDOWS_X64 : null;
		if (os.startsWith("mac")) return arm64 ? MACOS_ARM64 : null;
		return null;
	}

	/** The platform of a TensorFlow classifier, a trailing {@code -gpu} ignored. */
	public static FijiPlatform ofClassifier(String classifier) {
		String c = classifier.endsWith("-gpu") ? classifier.substring(0, classifier.length() - 4) : classifier;
		for (FijiPlatform p : values()) if (p.classifier.equals(c)) return p;
		throw new IllegalArgumentException("no RevSAM2 platform for TensorFlow classifier '" + classifier + "'");
	}
}
