using DiyNet.Tensors;
using Tensor = DiyNet.Tensors.Tensor;
using System.Numerics.Tensors;
using DiyNet.Kernels;

namespace DiyNet.Analysis;

/// <summary>
/// Exact t-SNE (van der Maaten &amp; Hinton 2008) into the plane: Gaussian affinities P calibrated to a perplexity,
/// a Student-t kernel <c>q_ij ∝ 1/(1 + ‖y_i − y_j‖²)</c> in the embedding, and gradient descent on KL(P ‖ Q),
/// <c>∂KL/∂y_i = 4 Σ_j (p_ij − q_ij)·(y_i − y_j)/(1 + ‖y_i − y_j‖²)</c>, with early exaggeration, momentum and
/// per-coordinate gains as in van der Maaten's reference code.
/// </summary>
/// <remarks>
/// Exact: P is a dense N×N float matrix (4·N² bytes: 16 MB for 2000 points) and each iteration costs O(N²), spread
/// over the cores; meant for up to several thousand points. There is no Barnes–Hut approximation. Results depend
/// only on the data and the options, not on the number of cores.
/// </remarks>
public static class Tsne
{
    private const int BlockRows = 32;
    private const double EntropyTolerance = 1e-5;
    private const int CalibrationSteps = 100;
    private const float AffinityFloor = 1e-12f;

    /// <summary>Embeds the rows of <paramref name="x"/> in two dimensions.</summary>
    /// <param name="x">Points, shape (N, d).</param>
    /// <param name="options">Settings; scikit-learn's defaults when null.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="x"/> is not (N, d), the perplexity is not below N, an option is out of range, or N² exceeds the
    /// largest array.
    /// </exception>
    public static TsneResult Fit(Tensor x, TsneOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        options ??= new TsneOptions();
        Validate(x, options);
        int n = x.Dim(0);
        double learningRate = options.LearningRate ?? Math.Max(n / options.EarlyExaggeration / 4, 50);
        float[] p = Affinities(x, options.Perplexity);
        double pSum = 0, pLogP = 0;
        foreach (float v in p)
            if (v > 0) { pSum += v; pLogP += v * Math.Log(v); }

        var (yx, yy) = Initial(x, options);
        var gx = new float[n];
        var gy = new float[n];
        var gains = new float[2 * n];
        Array.Fill(gains, 1f);
        var update = new float[2 * n];
        var history = new List<TsneRecord>();
        for (int it = 0; it < options.Iterations; it++)
        {
            bool early = it < options.ExaggerationIterations;
            double z = Gradient(p, yx, yy, early ? options.EarlyExaggeration : 1.0, gx, gy);
            if ((it + 1) % options.RecordEvery == 0 || it + 1 == options.Iterations)
            {
                double norm = Math.Sqrt(TensorPrimitives.SumOfSquares(gx) + (double)TensorPrimitives.SumOfSquares(gy));
                var record = new TsneRecord(it + 1, KlDivergence(p, yx, yy, z, pSum, pLogP), norm);
                history.Add(record);
                options.OnRecord?.Invoke(record);
            }
            float momentum = (float)(early ? options.InitialMomentum : options.FinalMomentum);
            Step(yx, gx, gains, update.AsSpan(0, n), momentum, (float)learningRate, (float)options.MinGain, 0);
            Step(yy, gy, gains, update.AsSpan(n, n), momentum, (float)learningRate, (float)options.MinGain, n);
            TensorPrimitives.Subtract(yx, TensorPrimitives.Sum(yx) / n, yx);
            TensorPrimitives.Subtract(yy, TensorPrimitives.Sum(yy) / n, yy);
        }
        var embedding = new Tensor(n, 2);
        for (int i = 0; i < n; i++)
        {
            embedding[i, 0] = yx[i];
            embedding[i, 1] = yy[i];
        }
        return new TsneResult(embedding, history, learningRate);
    }

    private static void Validate(Tensor x, TsneOptions o)
    {
        if (x.Rank != 2) throw new ArgumentException($"Tsne: points must be (N, d), got {x.ShapeString}.", nameof(x));
        int n = x.Dim(0);
        if ((long)n * n > Array.MaxLength)
            throw new ArgumentException($"Tsne: exact t-SNE stores N² affinities; N = {n} is too many.", nameof(x));
        if (!(o.Perplexity > 0) || o.Perplexity >= n)
            throw new ArgumentException($"Tsne: perplexity must be in (0, N = {n}), got {o.Perplexity}.", nameof(o));
        if (!(o.EarlyExaggeration >= 1) || o.ExaggerationIterations < 0 || o.Iterations < 1 || o.RecordEvery < 1
            || o.LearningRate is <= 0 || !(o.MinGain > 0) || o.InitialMomentum is < 0 or >= 1 || o.FinalMomentum is < 0 or >= 1)
            throw new ArgumentException($"Tsne: option out of range in {o}.", nameof(o));
        if (o.Init == TsneInit.Pca && x.Dim(1) < 2)
            throw new ArgumentException($"Tsne: PCA initialization needs at least 2 features, got {x.ShapeString}; use TsneInit.Random.", nameof(x));
    }

    private static (float[] X, float[] Y) Initial(Tensor x, TsneOptions o)
    {
        int n = x.Dim(0);
        var yx = new float[n];
        var yy = new float[n];
        if (o.Init == TsneInit.Random)
        {
            var random = new Random(o.Seed);
            for (int i = 0; i < n; i++)
            {
                yx[i] = 1e-4f * random.NextGaussian();
                yy[i] = 1e-4f * random.NextGaussian();
            }
            return (yx, yy);
        }
        var z = Pca.Fit(x, 2).Transform(x);
        for (int i = 0; i < n; i++)
        {
            yx[i] = z[i, 0];
            yy[i] = z[i, 1];
        }
        double std = Math.Sqrt(TensorPrimitives.SumOfSquares(yx) / n);
        float scale = std > 0 ? (float)(1e-4 / std) : 1f;
        TensorPrimitives.Multiply(yx, scale, yx);
        TensorPrimitives.Multiply(yy, scale, yy);
        return (yx, yy);
    }

    /// <summary>
    /// The joint affinities <c>p_ij = (p_j|i + p_i|j) / Σ</c> (zero diagonal, off-diagonal floored at 10⁻¹²), from
    /// Gaussian conditionals <c>p_j|i ∝ exp(−β_i‖x_i − x_j‖²)</c> whose β_i gives each row the target perplexity.
    /// </summary>
    internal static float[] Affinities(Tensor x, double perplexity)
    {
        int n = x.Dim(0), dim = x.Dim(1);
        var rows = new DistanceRows(x.Span, n, dim);
        var p = new float[(long)n * n];
        double target = Math.Log(perplexity);
        int blocks = (n + BlockRows - 1) / BlockRows;
        Parallel.For(0, blocks, () => (Block: new float[BlockRows * n], Others: new float[n], Row: new float[n]), (b, _, buf) =>
        {
            int first = b * BlockRows, count = Math.Min(BlockRows, n - first);
            Span<float> block = buf.Block.AsSpan(0, count * n);
            rows.Squared(first, count, block);
            for (int r = 0; r < count; r++)
            {
                int i = first + r;
                Span<float> d2 = block.Slice(r * n, n);
                Span<float> others = buf.Others.AsSpan(0, n - 1), cond = buf.Row.AsSpan(0, n - 1);
                d2[..i].CopyTo(others);
                d2[(i + 1)..].CopyTo(others[i..]);
                Calibrate(others, target, cond);
                Span<float> row = p.AsSpan(i * n, n);
                cond[..i].CopyTo(row);
                row[i] = 0f;
                cond[i..].CopyTo(row[(i + 1)..]);
            }
            return buf;
        }, _ => { });

        double total = 0;
        foreach (float v in p) total += v;
        float scale = (float)(1.0 / (2.0 * total));
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                float v = Math.Max((p[i * n + j] + p[j * n + i]) * scale, AffinityFloor);
                p[i * n + j] = v;
                p[j * n + i] = v;
            }
        return p;
    }

    /// <summary>
    /// Binary search on β so that <c>p_j ∝ exp(−β·d²_j)</c> has entropy <paramref name="targetEntropy"/> (nats);
    /// writes the normalized p and returns β. <paramref name="squaredDistances"/> is shifted in place by its minimum.
    /// </summary>
    internal static double Calibrate(Span<float> squaredDistances, double targetEntropy, Span<float> p)
    {
        Span<float> s = squaredDistances;
        TensorPrimitives.Subtract(s, TensorPrimitives.Min(s), s);
        double beta = 1, low = 0, high = double.PositiveInfinity;
        double sum = 1;
        for (int step = 0; step < CalibrationSteps; step++)
        {
            TensorPrimitives.Multiply(s, (float)-beta, p);
            TensorPrimitives.Exp(p, p);
            sum = TensorPrimitives.Sum(p);
            double entropy = Math.Log(sum) + beta * TensorPrimitives.Dot(s, p) / sum;
            double diff = entropy - targetEntropy;
            if (Math.Abs(diff) <= EntropyTolerance) break;
            if (diff > 0)
            {
                low = beta;
                beta = double.IsPositiveInfinity(high) ? beta * 2 : (beta + high) / 2;
            }
            else
            {
                high = beta;
                beta = (beta + low) / 2;
            }
        }
        TensorPrimitives.Multiply(p, (float)(1 / sum), p);
        return beta;
    }

    /// <summary>
    /// Writes <c>∂KL/∂y_i = 4·(e·Σ_j p_ij w_ij (y_i − y_j) − Σ_j w_ij² (y_i − y_j) / Z)</c> with e the exaggeration,
    /// <c>w_ij = 1/(1 + ‖y_i − y_j‖²)</c>, and returns <c>Z = Σ_{i≠j} w_ij</c>.
    /// </summary>
    internal static double Gradient(float[] p, float[] yx, float[] yy, double exaggeration, float[] gx, float[] gy)
    {
        int n = yx.Length;
        var repulsion = new float[2 * n];
        var kernel = new float[n];
        Parallel.For(0, (n + BlockRows - 1) / BlockRows, b =>
        {
            int end = Math.Min(n, (b + 1) * BlockRows);
            for (int i = b * BlockRows; i < end; i++)
            {
                var s = TsneKernel.Row(yx[i], yy[i], yx, yy, p.AsSpan(i * n, n));
                gx[i] = s.AttractionX;
                gy[i] = s.AttractionY;
                repulsion[i] = s.RepulsionX;
                repulsion[n + i] = s.RepulsionY;
                kernel[i] = s.KernelSum - 1f;
            }
        });
        double z = 0;
        foreach (float k in kernel) z += k;
        float a = (float)(4 * exaggeration), r = (float)(4 / z);
        for (int i = 0; i < n; i++)
        {
            gx[i] = a * gx[i] - r * repulsion[i];
            gy[i] = a * gy[i] - r * repulsion[n + i];
        }
        return z;
    }

    /// <summary>
    /// <c>KL(P ‖ Q) = Σ p log p + Σ p log(1 + ‖y_i − y_j‖²) + (Σ p)·log Z</c>, given Z of the same embedding.
    /// </summary>
    internal static double KlDivergence(float[] p, float[] yx, float[] yy, double z, double pSum, double pLogP)
    {
        int n = yx.Length;
        var rows = new double[n];
        Parallel.For(0, (n + BlockRows - 1) / BlockRows, b =>
        {
            int end = Math.Min(n, (b + 1) * BlockRows);
            for (int i = b * BlockRows; i < end; i++)
            {
                ReadOnlySpan<float> pi = p.AsSpan(i * n, n);
                double s = 0;
                for (int j = 0; j < n; j++)
                {
                    if (pi[j] == 0f) continue;
                    float dx = yx[i] - yx[j], dy = yy[i] - yy[j];
                    s += pi[j] * MathF.Log(1f + dx * dx + dy * dy);
                }
                rows[i] = s;
            }
        });
        double sum = 0;
        foreach (double v in rows) sum += v;
        return pLogP + sum + pSum * Math.Log(z);
    }

    // Delta-bar-delta gains, then a momentum step: g ← g + 0.2 where the gradient and the last step disagree in sign
    // (the step keeps its direction), g ← 0.8·g elsewhere; Δ ← μ·Δ − η·g·∂; y ← y + Δ.
    private static void Step(float[] y, float[] grad, float[] gains, Span<float> update, float momentum, float rate,
        float minGain, int offset)
    {
        for (int i = 0; i < y.Length; i++)
        {
            ref float g = ref gains[offset + i];
            g = update[i] * grad[i] < 0f ? g + 0.2f : g * 0.8f;
            if (g < minGain) g = minGain;
            update[i] = momentum * update[i] - rate * g * grad[i];
            y[i] += update[i];
        }
    }
}
