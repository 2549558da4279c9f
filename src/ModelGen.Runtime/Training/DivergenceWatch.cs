namespace ModelGen.Training;

/// <summary>
/// Notices a loss that grows far above where training started but stays finite, which no
/// exception catches: accuracy sits at chance while the run goes on. Costs a few arithmetic
/// operations per step and allocates nothing.
/// </summary>
internal sealed class DivergenceWatch
{
    /// <summary>How far above its start the smoothed loss must rise to count as diverging.</summary>
    public const int Factor = 100;

    // The start is the least loss of the first steps: the first step's loss is measured before
    // any update, so even a learning rate that explodes at once cannot inflate it, and taking
    // the least of a few keeps one unlucky first batch from setting the bar too high.
    private const int StartSteps = 10;

    // The loss compared is an exponential moving average over about ten steps, so that one
    // bad batch of an otherwise healthy run does not raise a false alarm.
    private const double Smoothing = 0.1;

    private int _steps;
    private bool _warned;

    /// <summary>The loss at the start of training, the least of the first few steps.</summary>
    public double Start { get; private set; } = double.PositiveInfinity;

    /// <summary>The smoothed loss of the recent steps.</summary>
    public double Smoothed { get; private set; }

    /// <summary>Takes one step's loss; true, once, when training has diverged.</summary>
    public bool Observe(float loss)
    {
        Smoothed = _steps == 0 ? loss : Smoothed + (Smoothing * (loss - Smoothed));
        if (_steps < StartSteps) Start = Math.Min(Start, loss);
        _steps++;
        // A start of 0 (a perfect fit) has no scale to compare against.
        if (_warned || !(Start > 0) || Smoothed <= Factor * Start)
            return false;
        _warned = true;
        return true;
    }
}
