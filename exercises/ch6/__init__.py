"""Chapter 6: recurrent networks (SimpleRNN, LSTM, GRU), letters, and time series."""
