#!/usr/bin/env bash
# RevSAM2 on a SLURM cluster: a job array with one query volume per array task.
#
# Each task reads line N of a list file (N = SLURM_ARRAY_TASK_ID, counting only lines that are
# neither blank nor # comments), loads the model, segments that volume from the support volume and
# its labelled slices, and writes <outdir>/<name>_revsam2.nii.gz plus a JSON report next to it.
# A task whose output already exists does nothing, so a resubmitted array only redoes what is missing.
#
# Submit (from the repository, after building once with 'bin/revsam2 --version'):
#   mkdir -p logs results
#   n=$(grep -cvE '^[[:space:]]*(#|$)' volumes.txt)
#   sbatch --array=1-"$n"%20 examples/slurm-revsam2-cli.sh volumes.txt atlas.nii.gz atlas_labels.nii.gz results \
#          --support-slices 20,35,50 --window abdomen --class-names 1=liver,2=spleen
#
# Arguments: <list file> <support volume> <support labels> <output folder> [more 'segment' options]
# Relative paths in the list file are relative to the list file's folder.
# Environment: REVSAM2 (the launcher, default <submit dir>/bin/revsam2), REVSAM2_MODELS (the models
# folder), REVSAM2_HEAP (Java heap, default 12g), JAVA_OPTS (more JVM options).
#
# Exit codes of a task (see 'bin/revsam2 --help'): 0 done, 2 bad options, 3 bad input file, 4 model
# problem, 130 cancelled (scancel or the time limit): rerun those with more time.
#
#SBATCH --job-name=revsam2
#SBATCH --cpus-per-task=8
#SBATCH --mem=20G
#SBATCH --time=01:00:00
#SBATCH --output=logs/revsam2_%A_%a.log
# For a GPU build (REVSAM2_MVN_ARGS=-Pgpu) add --gres=gpu:1 here and --device gpu to the options.

set -euo pipefail

if [[ $# -lt 4 ]]; then
	echo "usage: sbatch --array=1-N $0 <list file> <support volume> <support labels> <output folder> [segment options]" >&2
	exit 2
fi
list="$1" support="$2" support_labels="$3" outdir="$4"
shift 4
task="${SLURM_ARRAY_TASK_ID:?not an array task: submit with sbatch --array=1-N}"
revsam2="${REVSAM2:-${SLURM_SUBMIT_DIR:-.}/bin/revsam2}"

query="$(grep -vE '^[[:space:]]*(#|$)' "$list" | sed -n "${task}p" | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//')"
if [[ -z "$query" ]]; then
	echo "revsam2 task $task: $list has no volume number $task" >&2
	exit 2
fi
[[ "$query" == /* ]] || query="$(cd "$(dirname "$list")" && pwd)/$query"

name="$(basename "$query")"
for ext in .nii.gz .nii .tiff .tif .dcm; do name="${name%"$ext"}"; done
mkdir -p "$outdir"
output="$outdir/${name}_revsam2.nii.gz"
if [[ -e "$output" ]]; then
	echo "revsam2 task $task: $output exists; nothing to do"
	exit 0
fi

# Java's heap; TensorFlow's native memory comes on top, so keep it below --mem.
# TensorFlow sizes its thread pools from the CPUs this task may use (SLURM's CPU binding).
export JAVA_OPTS="-Xmx${REVSAM2_HEAP:-12g} ${JAVA_OPTS:-}"
echo "revsam2 task $task on $(hostname): $query -> $output"
# exec: SLURM's SIGTERM (scancel, time limit) reaches Java, which cancels cleanly (exit code 130)
exec "$revsam2" segment "$query" \
	--support "$support" --support-labels "$support_labels" \
	--output "$output" --report "$outdir/${name}_revsam2.json" \
	"$@"
