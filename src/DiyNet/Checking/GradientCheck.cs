using DiyNet.Losses;
using DiyNet.Modules;
using DiyNet.Tensors;

namespace DiyNet.Checking;

/// <summary>
/// Checks backward passes against central finite differences, like torch's <c>nn.Jacobian</c>. For a module the
/// scalar checked is <c>L = Σ r ⊙ f(x)</c> with a fixed random projection r, so that <see cref="Module.BackwardDelta"/>
/// (∂L/∂x) and <see cref="Module.BackwardUpdateGradient"/> (∂L/∂θ) are compared coordinate by coordinate; for a loss
/// it is the mean of <see cref="Loss.Forward"/>, against <see cref="Loss.Backward"/>.
/// </summary>
/// <remarks>
/// Differences are taken in float32 with sums in double; the error of a coordinate is
/// <c>|analytic − numeric| / max(1, |numeric|)</c>. Keep inputs away from kinks (ReLU at 0, max-pool ties).
/// </remarks>
public static class GradientCheck
{
    /// <summary>Checks the input and parameter gradients of <paramref name="module"/> at <paramref name="input"/>.</summary>
    /// <param name="module">The module (its parameters are perturbed and restored).</param>
    /// <param name="input">A batched input; it is perturbed and restored.</param>
    /// <param name="step">Finite-difference step.</param>
    /// <param name="tolerance">Largest accepted error.</param>
    /// <param name="seed">Seed of the projection r.</param>
    /// <param name="maxCoordinates">At most this many coordinates per tensor (chosen at random when there are more).</param>
    public static GradientCheckResult Module(Module module, Tensor input, float step = 1e-2f, double tolerance = 1e-2,
        int seed = 0, int maxCoordinates = 400)
    {
        var random = new Random(seed);
        var output = module.Forward(input);
        var r = new Tensor(output.Shape.ToArray());
        random.FillUniform(r.Span, -1f, 1f);

        double Objective()
        {
            var y = module.Forward(input).Span;
            ReadOnlySpan<float> rs = r.Span;
            double s = 0;
            for (int i = 0; i < y.Length; i++) s += (double)y[i] * rs[i];
            return s;
        }

        module.Forward(input);
        var analyticInput = module.BackwardDelta(input, r).Clone();
        module.ZeroGrad();
        module.Forward(input);
        module.BackwardUpdateGradient(input, r);
        var analyticParams = module.Parameters.Select(p => p.Gradient.Clone()).ToArray();
        module.ZeroGrad();

        var worst = new Worst();
        Compare("input", input, analyticInput, Objective, step, random, maxCoordinates, worst);
        for (int i = 0; i < module.Parameters.Count; i++)
            Compare(module.Parameters[i].ToString(), module.Parameters[i].Value, analyticParams[i], Objective, step, random, maxCoordinates, worst);
        module.Forward(input);
        return new GradientCheckResult(module.ToString()!, worst.Error, worst.Where, tolerance, worst.Count);
    }

    /// <summary>Checks <see cref="Loss.Backward"/> against differences of the mean of <see cref="Loss.Forward"/>.</summary>
    public static GradientCheckResult Loss(Loss loss, Tensor y, Tensor yhat, float step = 1e-3f, double tolerance = 1e-2,
        int seed = 0, int maxCoordinates = 400)
    {
        var analytic = loss.Backward(y, yhat).Clone();
        double Objective()
        {
            var l = loss.Forward(y, yhat).Span;
            double s = 0;
            foreach (float v in l) s += v;
            return s / l.Length;
        }
        var worst = new Worst();
        Compare("yhat", yhat, analytic, Objective, step, new Random(seed), maxCoordinates, worst);
        return new GradientCheckResult(loss.ToString()!, worst.Error, worst.Where, tolerance, worst.Count);
    }

    private sealed class Worst
    {
        public double Error;
        public string Where = "-";
        public int Count;
    }

    private static void Compare(string name, Tensor variable, Tensor analytic, Func<double> objective, float step,
        Random random, int maxCoordinates, Worst worst)
    {
        Span<float> v = variable.Span;
        IEnumerable<int> coordinates = v.Length <= maxCoordinates
            ? Enumerable.Range(0, v.Length)
            : Enumerable.Range(0, maxCoordinates).Select(_ => random.Next(variable.Length)).ToArray();
        foreach (int i in coordinates)
        {
            float saved = variable.Span[i];
            variable.Span[i] = saved + step;
            double plus = objective();
            variable.Span[i] = saved - step;
            double minus = objective();
            variable.Span[i] = saved;
            double numeric = (plus - minus) / (2.0 * step);
            double a = analytic.Span[i];
            double error = Math.Abs(a - numeric) / Math.Max(1.0, Math.Abs(numeric));
            worst.Count++;
            if (error > worst.Error || double.IsNaN(error))
            {
                worst.Error = double.IsNaN(error) ? double.PositiveInfinity : error;
                worst.Where = $"{name}[{i}]: analytic {a:G6}, numeric {numeric:G6}";
            }
        }
    }
}
