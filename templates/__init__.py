"""Word templates (docxtpl) shipped as package data; users may restyle them in Word."""
