package sc.fiji.revsam2.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** The query volumes of {@code segment --batch}: a folder's volume files, or the lines of a list file. */
final class BatchInputs {

	/**
	 * Outputs made from a query's name are {@code <name>_revsam2.nii.gz} (the shipped Fiji macros
	 * name theirs the same way); files so named are not queries of a folder batch.
	 */
	static final String OUTPUT_SUFFIX = "_revsam2.nii.gz";

	private BatchInputs() {}

	/** The volumes of a batch: a folder's volume files, or the lines of a list file. */
	static List<Path> list(Path batch) throws CliException {
		if (!Files.exists(batch)) throw CliException.input(Inputs.name(batch) + ": no such file or folder (--batch)", null);
		List<Path> out = new ArrayList<>();
		if (Files.isDirectory(batch)) {
			try (Stream<Path> s = Files.list(batch)) {
				s.filter(p -> !Inputs.name(p).startsWith(".") && !Inputs.name(p).endsWith(OUTPUT_SUFFIX) && Files.isRegularFile(p) && isVolumeName(p)).sorted()
					.forEach(out::add);
			} catch (IOException e) {
				throw CliException.input(Inputs.name(batch) + ": cannot list the folder (" + e.getMessage() + ")", e);
			}
			if (out.isEmpty()) throw CliException.input(batch + ": no volume files (.nii, .nii.gz, .tif, .tiff, .dcm) in this folder", null);
			return out;
		}
		List<String> lines;
		try {
			lines = Files.readAllLines(batch);
		} catch (IOException e) {
			throw CliException.input(Inputs.name(batch) + ": cannot read the list file (" + e.getMessage() + ")", e);
		}
		Path base = batch.toAbsolutePath().getParent();
		for (String line : lines) {
			String l = line.strip();
			if (l.isEmpty() || l.startsWith("#")) continue;
			Path p = Args.toPath("--batch " + Inputs.name(batch), l);
			out.add(p.isAbsolute() || base == null ? p : base.resolve(p).normalize());
		}
		if (out.isEmpty()) throw CliException.input(Inputs.name(batch) + ": the list file names no volume", null);
		return out;
	}

	private static boolean isVolumeName(Path p) {
		String n = Inputs.name(p).toLowerCase(Locale.ROOT);
		return n.endsWith(".nii") || n.endsWith(".nii.gz") || n.endsWith(".tif") || n.endsWith(".tiff") || n.endsWith(".dcm");
	}
}
