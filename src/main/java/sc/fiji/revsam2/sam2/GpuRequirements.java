package sc.fiji.revsam2.sam2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What TensorFlow 2.18's GPU build (TensorFlow Java 1.1.0, {@code linux-x86_64-gpu}) needs
 * from the machine, checked from files before TensorFlow is asked: Linux x86-64, an NVIDIA
 * driver, CUDA 12's runtime libraries and cuDNN 9. The checks name what is missing; TensorFlow
 * has the last word (the engine then tries to place an operation on the GPU).
 */
public final class GpuRequirements {

	/** Libraries TensorFlow opens at run time, with what provides them. */
	static final String[][] LIBRARIES = {
		{ "libcuda.so.1", "the NVIDIA driver (525 or newer)" },
		{ "libcudart.so.12", "the CUDA 12 runtime" },
		{ "libcublas.so.12", "CUDA 12's cuBLAS" },
		{ "libcudnn.so.9", "cuDNN 9 for CUDA 12" } };

	public static final String HOW_TO = "TensorFlow 2.18 (TensorFlow Java 1.1.0) runs on an NVIDIA GPU under Linux x86-64 with the NVIDIA driver, "
		+ "CUDA 12 and cuDNN 9 installed (their lib folders on LD_LIBRARY_PATH) and RevSAM2's GPU build (the linux-x86_64-gpu zip, or mvn -Pgpu). "
		+ "Otherwise choose device=cpu, or device=auto to use the GPU only when it is available.";

	private GpuRequirements() {}

	/** What is missing on this machine, in words; empty when the files are all there. */
	public static List<String> missing() {
		List<String> missing = new ArrayList<>();
		if (FijiPlatform.current() != FijiPlatform.LINUX_X64) {
			missing.add("a Linux x86-64 machine (this is " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
				+ "; TensorFlow Java 1.1.0 has GPU builds for Linux x86-64 only)");
			return missing;
		}
		if (!Files.exists(Paths.get("/proc/driver/nvidia/version"))) missing.add("an NVIDIA GPU with its driver (no /proc/driver/nvidia/version)");
		List<Path> dirs = libraryFolders();
		for (String[] lib : LIBRARIES) {
			if (dirs.stream().noneMatch(d -> Files.exists(d.resolve(lib[0])))) missing.add(lib[1] + " (" + lib[0] + " not found)");
		}
		return missing;
	}

	/** The folders the dynamic linker searches: LD_LIBRARY_PATH, /etc/ld.so.conf.d, the usual ones. */
	static List<Path> libraryFolders() {
		Set<String> dirs = new LinkedHashSet<>();
		String ld = System.getenv("LD_LIBRARY_PATH");
		if (ld != null) for (String d : ld.split(":")) if (!d.isBlank()) dirs.add(d);
		Path conf = Paths.get("/etc/ld.so.conf.d");
		if (Files.isDirectory(conf)) {
			try (Stream<Path> s = Files.list(conf)) {
				for (Path f : s.filter(p -> p.toString().endsWith(".conf")).toList()) {
					for (String line : Files.readAllLines(f)) if (line.startsWith("/")) dirs.add(line.trim());
				}
			} catch (IOException e) {
				// unreadable configuration: the usual folders below still count
			}
		}
		dirs.addAll(List.of("/usr/local/cuda/lib64", "/usr/local/cuda-12/lib64", "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/lib/x86_64-linux-gnu", "/usr/lib"));
		return dirs.stream().map(Paths::get).toList();
	}
}
