// RevSAM2: segment the active volume from outlines in the ROI Manager.
//
// 1. Open a Z stack (CT, MRI, microscopy). For NIfTI: File > Import > Open NIfTI (RevSAM2)...
// 2. On a few slices, outline the object with an area tool and press "t" after each outline
//    (Analyze > Tools > ROI Manager). Several objects: give the ROIs of each object the same
//    name (ROI Manager > Rename) or the same group (ROI Manager > Properties).
// 3. Run this macro (Plugins > Macros > Run...). The result is a label image "<title>-RevSAM2",
//    the "RevSAM2 scores" table and, with add_rois, one ROI per object and slice.
//
// No model installed yet? Plugins > Segmentation > RevSAM2 > Install SAM2 Model, or use
// model=[phantom model (demo only)] to try the plugin (trained on synthetic phantoms only).

model = "sam2.1_hiera_tiny";   // an installed model
window = "min-max";            // CT: abdomen, lung, bone, brain, liver, mediastinum, lo:hi or width,level
k = 10;                        // slices that condition the final propagation

if (nImages == 0) exit("Open a volume first.");
if (nSlices < 2) exit("RevSAM2 segments a Z stack; this image has one slice.");
if (roiManager("count") == 0) exit("Outline the object on a few slices and add each outline to the ROI Manager (press t).");

run("Segment Volume", "supports=ROIs model=[" + model + "] k=" + k + " window=[" + window + "] method=revsam2 device=cpu add_rois");

// The same with the ImageJ 1.x command (plain ImageJ, or to record IJ1-style macros):
// run("RevSAM2 Segment (IJ1)", "supports=ROIs model=[" + model + "] k=" + k + " window=[" + window + "] add_rois");
