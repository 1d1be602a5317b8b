#!/usr/bin/python3
"""Writes the scikit-learn reference numbers that DiyNet's analysis tests compare against.

Run it with Debian's Python and scikit-learn (apt-get install python3-sklearn python3-numpy):

    /usr/bin/python3 tools/make_analysis_fixtures.py           # (re)writes tests/DiyNet.Tests/Fixtures/Analysis/sklearn.json
    /usr/bin/python3 tools/make_analysis_fixtures.py --check   # regenerates in memory, fails if the committed file differs

One small data set (four Gaussian blobs in 5 dimensions that overlap a little, drawn with a fixed seed and rounded
to float32) and, computed on it by scikit-learn in float64:
  * silhouette_score and silhouette_samples for the true labels;
  * KMeans(n_clusters=4, n_init=10, algorithm="lloyd"): the inertia and labels of the best run;
  * PCA(n_components=5): explained variance, its ratio, the components (compared up to sign);
  * t-SNE pieces at perplexity 10: the joint affinities P (sklearn.manifold._t_sne._joint_probabilities, condensed:
    the upper triangle row by row), and the KL divergence and its gradient (_kl_divergence) at a fixed random
    embedding.
Floats are written with 17 significant digits (P with 10).
"""

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import sklearn
from scipy.spatial.distance import pdist, squareform
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.manifold._t_sne import _joint_probabilities, _kl_divergence
from sklearn.metrics import silhouette_samples, silhouette_score

OUT = Path(__file__).resolve().parent.parent / "tests" / "DiyNet.Tests" / "Fixtures" / "Analysis" / "sklearn.json"
SEED = 20240601
PERPLEXITY = 10.0


def floats(a, digits=17):
    return [float(f"{v:.{digits}g}") for v in np.asarray(a, dtype=np.float64).ravel()]


def build():
    rng = np.random.default_rng(SEED)
    centers = np.array([[0, 0, 0, 0, 0], [4, 0, 0, 1, 0], [0, 4, 1, 0, 0], [3, 3, -2, 0, 2]], dtype=np.float64)
    sizes = [20, 25, 25, 30]
    x = np.concatenate([c + 1.1 * rng.standard_normal((s, 5)) for c, s in zip(centers, sizes)])
    labels = np.concatenate([np.full(s, i) for i, s in enumerate(sizes)])
    x = x.astype(np.float32).astype(np.float64)  # the exact values DiyNet reads
    n, d = x.shape

    km = KMeans(n_clusters=4, n_init=10, algorithm="lloyd", random_state=0).fit(x)
    pca = PCA(n_components=d).fit(x)

    p_condensed = _joint_probabilities(squareform(pdist(x, "sqeuclidean")), PERPLEXITY, 0)
    y = rng.standard_normal((n, 2))
    kl, grad = _kl_divergence(y.ravel(), p_condensed, 1, n, 2)

    return {
        "generator": "tools/make_analysis_fixtures.py",
        "sklearn": sklearn.__version__,
        "seed": SEED,
        "n": n,
        "dim": d,
        "x": floats(x),
        "labels": [int(v) for v in labels],
        "silhouette_score": float(silhouette_score(x, labels)),
        "silhouette_samples": floats(silhouette_samples(x, labels)),
        "kmeans_k": 4,
        "kmeans_inertia": float(km.inertia_),
        "kmeans_labels": [int(v) for v in km.labels_],
        "pca_explained_variance": floats(pca.explained_variance_),
        "pca_explained_variance_ratio": floats(pca.explained_variance_ratio_),
        "pca_components": floats(pca.components_),
        "tsne_perplexity": PERPLEXITY,
        "tsne_p_condensed": floats(p_condensed, 10),
        "tsne_y": floats(y),
        "tsne_kl": float(kl),
        "tsne_grad": floats(grad),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed fixture differs")
    args = parser.parse_args()
    text = json.dumps(build(), indent=1) + "\n"
    if args.check:
        if not OUT.exists() or OUT.read_text() != text:
            print(f"{OUT} differs from a fresh run", file=sys.stderr)
            return 1
        print(f"{OUT} is up to date")
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text)
    print(f"wrote {OUT} ({len(text)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
