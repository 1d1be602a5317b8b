using DiyNet.Data;
using DiyNet.Losses;
using DiyNet.Metrics;
using DiyNet.Modules;
using DiyNet.Tensors;
using DiyNet.Training;
using DiyNet.Cli.Reports;

namespace DiyNet.Cli.Experiments.Basics;

/// <summary>Report 000 §1.3.1: a single Linear(1 → 1) trained by SGD on MSE against the closed-form least squares.</summary>
internal sealed class LinearRegressionExperiment : Experiment
{
    public override string Name => "linear-regression";
    public override string Title => "Linear regression";
    public override string Source => "report 000, §1.3.1";

    public override void Run(ExperimentContext context)
    {
        var (xTrain, yTrain) = Synthetic.LinearRegression(300, context.Seed + 1);
        var (xTest, yTest) = Synthetic.LinearRegression(300, context.Seed + 2);

        var net = new Linear(1, 1, random: new Random(context.Seed));
        const int epochs = 100;
        var history = Trainer.Train(net, new MSELoss(), xTrain, yTrain, new TrainingOptions
        {
            BatchSize = 16, Epochs = epochs, LearningRate = 0.01f, Seed = context.Seed,
            ValidationX = xTest, ValidationY = yTest, OnEpoch = context.EpochProgress(Name, epochs),
        });
        context.SaveModel("linear-regression", net);

        var (slope, intercept) = LeastSquares(xTrain, yTrain);
        var predicted = Evaluator.Predict(net, xTest);
        var closedForm = new Tensor(xTest.Dim(0), 1);
        for (int i = 0; i < xTest.Dim(0); i++) closedForm[i, 0] = slope * xTest[i, 0] + intercept;
        double r2 = Scores.R2(yTest, predicted);
        double r2Closed = Scores.R2(yTest, closedForm);

        var s = context.Section;
        s.Result("test R² (SGD)", r2, "F4", Target.Within(r2Closed, 1e-3));
        s.Result("test R² (closed-form least squares)", r2Closed, "F4");
        s.Paragraph($"Data: y = 2x + 0.5 + N(0, 1), x uniform in [−3, 3]; 300 training and 300 test points. " +
                    $"SGD (batch 16, step 0.01, {epochs} epochs) learns w = {net.Weight.Value[0, 0]:F4}, b = {net.Bias!.Value[0]:F4}; " +
                    $"least squares gives w = {slope:F4}, b = {intercept:F4}. The report measured R² 0.52 (scikit-learn 0.47) on its own data.");
        Figures.Regression(context, xTest, yTest, predicted, closedForm);
        Figures.LossCurves(context, "linear-regression-loss.svg", "MSE per epoch", ("train", history.TrainLoss), ("test", history.ValidationLoss));
    }

    private static (float Slope, float Intercept) LeastSquares(Tensor x, Tensor y)
    {
        int n = x.Dim(0);
        double mx = 0, my = 0;
        for (int i = 0; i < n; i++) { mx += x[i, 0]; my += y[i, 0]; }
        mx /= n; my /= n;
        double sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++) { sxy += (x[i, 0] - mx) * (y[i, 0] - my); sxx += (x[i, 0] - mx) * (x[i, 0] - mx); }
        double slope = sxy / sxx;
        return ((float)slope, (float)(my - slope * mx));
    }
}
