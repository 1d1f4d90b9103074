-- Hyperparameters are read into the contract record, which names checkpoint_every_n_epochs as the schema
-- does. Rows written before the record named it carry the snake_case strategy's checkpoint_every_nepochs;
-- a key the record does not know would fail the read, so it is renamed (a row with both keeps the new one).
UPDATE training_job
   SET hyperparameters = jsonb_build_object('checkpoint_every_n_epochs', hyperparameters -> 'checkpoint_every_nepochs')
                         || (hyperparameters - 'checkpoint_every_nepochs')
 WHERE hyperparameters ? 'checkpoint_every_nepochs';
UPDATE model_version
   SET hyperparameters = jsonb_build_object('checkpoint_every_n_epochs', hyperparameters -> 'checkpoint_every_nepochs')
                         || (hyperparameters - 'checkpoint_every_nepochs')
 WHERE hyperparameters ? 'checkpoint_every_nepochs';
