using DiyNet.Optimization;
using Xunit;

namespace DiyNet.Tests.Optimization;

/// <summary>Schedules: closed forms, restart, checkpoint state, settings.</summary>
public class ScheduleTests
{
    [Fact]
    public void CosineWarmsUpLinearlyThenFallsToTheMinimum()
    {
        var s = new CosineSchedule(totalSteps: 10, warmupSteps: 2, minLearningRate: 0.01f, warmupStartFactor: 0.5f);
        Assert.Equal(0.5f, s.Start(1f), 6);
        Assert.Equal(0.75f, s.Step(), 6);
        Assert.Equal(1f, s.Step(), 6);
        for (int i = 0; i < 8; i++) s.Step();
        Assert.Equal(0.01f, s.LearningRate, 6);
        Assert.Equal(0.01f, s.Step(), 6);
    }

    [Fact]
    public void StartResetsAndStateRestores()
    {
        var plateau = new ReduceOnPlateau(factor: 0.5f, patience: 1);
        plateau.Start(0.1f);
        foreach (float metric in new[] { 1f, 1f, 1f, 1f }) plateau.Step(metric);
        Assert.Equal(0.05f, plateau.LearningRate, 6);
        var state = plateau.State;

        var resumed = new ReduceOnPlateau(factor: 0.5f, patience: 1);
        resumed.Start(0.1f);
        resumed.LoadState(state);
        Assert.Equal(plateau.Step(1f), resumed.Step(1f));
        Assert.Equal(plateau.Step(1f), resumed.Step(1f));
        Assert.Equal(plateau.StepCount, resumed.StepCount);

        plateau.Start(0.2f);
        Assert.Equal(0, plateau.StepCount);
        Assert.Equal(0.2f, plateau.LearningRate);
        Assert.Throws<ArgumentException>(() => plateau.Step());
        Assert.Throws<InvalidOperationException>(() => new ExponentialSchedule(0.5f).Step());
    }

    [Fact]
    public void ToStringShowsTheSettings()
    {
        Assert.Equal("CosineSchedule(100 steps, warm-up 5 from ×0.1)", new CosineSchedule(100, 5).ToString());
        Assert.Equal("StepSchedule(every 30, gamma 0.1)", new StepSchedule(30).ToString());
        Assert.Equal("ReduceOnPlateau(factor 0.1, patience 10, threshold 0.0001)", new ReduceOnPlateau().ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => new OneCycleSchedule(10, pctStart: 0.05f));
    }
}
