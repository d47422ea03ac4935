// RevSAM2: segment one volume, headless or not, with supports from a label file or from an atlas.
// Runs in Fiji (GUI or headless) and plain ImageJ 1.x; used by slurm-fiji-headless.sh, one volume per task.
//
//   ImageJ-linux64 --headless --console -macro segment-volume-headless.ijm \
//     "volume=[/data/ct/case01.nii.gz] labels=[/data/seeds/case01.nii.gz] out=[/data/results]"
//
// Arguments (key=value, values with spaces in [brackets]):
//   volume       the volume to segment (.nii, .nii.gz, .tif)                       required
//   labels       a label image of the volume: its labelled slices are the supports   } one of
//   atlas        another volume (atlas, other patient) ...                           } the two
//   atlaslabels  ... and its label image                                             }
//   out          output folder (created if missing)                                  required
//   model        installed model name or folder (default sam2.1_hiera_tiny)
//   k (10), window (min-max), method (revsam2), device (cpu), names ("1=liver, 2=spleen")
// Writes <out>/<name>_revsam2.nii.gz (or .tif for TIFF input) and <out>/<name>_revsam2-scores.csv.

volume = arg("volume", "");
labels = arg("labels", "");
atlas = arg("atlas", "");
atlasLabels = arg("atlaslabels", "");
out = arg("out", "");
if (volume == "" || out == "" || (labels == "" && (atlas == "" || atlasLabels == "")))
	exit("usage: volume=[file] (labels=[file] | atlas=[file] atlaslabels=[file]) out=[folder] [model=... k=... window=... method=... device=... names=...]");
if (!File.exists(volume)) exit("RevSAM2: no such volume: " + volume);
File.makeDirectory(out);

setBatchMode(true);
query = openVolume(volume);
if (labels != "") {
	openVolume(labels);
	rename("revsam2-support-labels");
	supports = "supports=[label image] labels=revsam2-support-labels";
} else {
	openVolume(atlas);
	rename("revsam2-atlas");
	openVolume(atlasLabels);
	rename("revsam2-atlas-labels");
	supports = "supports=[other image + labels] atlas=revsam2-atlas atlaslabels=revsam2-atlas-labels";
}
selectImage(query);
name = baseName(volume);
ext = ".tif";
if (endsWith(toLowerCase(volume), ".nii") || endsWith(toLowerCase(volume), ".nii.gz")) ext = ".nii.gz";
result = out + File.separator + name + "_revsam2" + ext;
scores = out + File.separator + name + "_revsam2-scores.csv";
run("RevSAM2 Segment (IJ1)", supports + " names=[" + arg("names", "") + "] model=[" + arg("model", "sam2.1_hiera_tiny") + "] k=" + arg("k", "10")
	+ " window=[" + arg("window", "min-max") + "] method=" + arg("method", "revsam2") + " device=" + arg("device", "cpu")
	+ " output=[" + result + "] output_scores=[" + scores + "]");
close("*");
if (!File.exists(result)) exit("RevSAM2: " + name + " was not segmented (see the log above)");
print("RevSAM2: " + name + " -> " + result);

// Opens a NIfTI file with RevSAM2's reader (keeps its geometry for the output) or anything else with ImageJ; returns the image ID.
function openVolume(path) {
	lower = toLowerCase(path);
	if (endsWith(lower, ".nii") || endsWith(lower, ".nii.gz")) run("RevSAM2 Open NIfTI (IJ1)", "open=[" + path + "]");
	else open(path);
	return getImageID();
}

// The file name without its folder and extension (.nii.gz counts as one).
function baseName(path) {
	n = File.getName(path);
	lower = toLowerCase(n);
	if (endsWith(lower, ".nii.gz")) return substring(n, 0, lengthOf(n) - 7);
	i = lastIndexOf(n, ".");
	if (i > 0) return substring(n, 0, i);
	return n;
}

// The value of key in the macro's argument "key=value key2=[value with spaces]", or def.
function arg(key, def) {
	a = " " + getArgument() + " ";
	i = indexOf(a, " " + key + "=");
	if (i < 0) return def;
	v = substring(a, i + lengthOf(key) + 2);
	if (startsWith(v, "[")) return substring(v, 1, indexOf(v, "]"));
	return substring(v, 0, indexOf(v, " "));
}
